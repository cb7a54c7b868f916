/** A query's chunks with the first one already read; `close` ends the query (and frees its snapshot). */
export interface StartedChunks<T> extends AsyncIterable<T> {
  close(): Promise<void>;
}

/**
 * Reads the first chunk before anything is sent, so that the query's own errors (an unknown
 * column, a bad filter value, a missing table) become an error response rather than a cut-off body.
 */
export async function startChunks<T>(chunks: AsyncIterable<T>): Promise<StartedChunks<T>> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  return {
    async *[Symbol.asyncIterator]() {
      if (first.done) return;
      yield first.value;
      for (let step = await iterator.next(); !step.done; step = await iterator.next()) yield step.value;
    },
    close: async () => {
      await iterator.return?.(undefined);
    },
  };
}
