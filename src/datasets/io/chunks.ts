/** An async iterable that starts `generate` afresh on every iteration (so it reopens its file). */
export function reiterable<T>(generate: () => AsyncGenerator<T>): AsyncIterable<T> {
  return { [Symbol.asyncIterator]: generate };
}

/** Groups `items` into arrays of at most `size`. */
export async function* inChunks<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const item of items) {
    chunk.push(item);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** The first `count` items (then stops the source, closing its file). */
export async function take<T>(items: AsyncIterable<T>, count: number): Promise<T[]> {
  const taken: T[] = [];
  for await (const item of items) {
    taken.push(item);
    if (taken.length >= count) break;
  }
  return taken;
}
