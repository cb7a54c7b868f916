/**
 * Until the returned function is called, each distinct process warning is printed once (Node
 * prints some again and again: a MaxListenersExceededWarning each time the listener count
 * climbs back over the limit), with a count of the repeats at the end.
 */
export function warnOnce(log: (message: string) => void): () => void {
  const saved = process.listeners('warning');
  process.removeAllListeners('warning');
  const seen = new Map<string, number>();
  const onWarning = (warning: Error) => {
    const key = `${warning.name}: ${warning.message}`;
    const count = seen.get(key) ?? 0;
    seen.set(key, count + 1);
    if (count === 0) log(`warning: ${key}`);
  };
  process.on('warning', onWarning);
  return () => {
    process.off('warning', onWarning);
    for (const listener of saved) process.on('warning', listener);
    for (const [key, count] of seen) if (count > 1) log(`warning (${count} times in all): ${key}`);
  };
}
