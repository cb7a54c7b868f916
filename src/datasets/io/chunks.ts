/** An async iterable that starts `generate` afresh on every iteration (so it reopens its file). */
export function reiterable<T>(generate: () => AsyncGenerator<T>): AsyncIterable<T> {
  return { [Symbol.asyncIterator]: generate };
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
