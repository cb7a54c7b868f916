import { Readable } from 'node:stream';
import type { Output } from '../../util/output.js';

/**
 * A Readable fed by a writer through the `Output` interface, with backpressure: a write that
 * fills the Readable's buffer waits until its reader wants more. Destroying the Readable (the
 * client went away) fails the waiting write and every later one, so the writer stops and its
 * source closes; the writer failing destroys the Readable with its error.
 */
export function readableOutput(write: (output: Output) => Promise<unknown>): Readable {
  let wanted: (() => void) | undefined;
  let gone: Error | undefined;
  const wake = () => {
    const resume = wanted;
    wanted = undefined;
    resume?.();
  };
  const readable = new Readable({
    read: wake,
    destroy(error, callback) {
      gone ??= error ?? new Error('the reader of the stream went away');
      wake();
      callback(error);
    },
  });
  const output: Output = {
    async write(data) {
      if (gone) throw gone;
      if (readable.push(data)) return;
      await new Promise<void>((resolve) => {
        wanted = resolve;
      });
      if (gone) throw gone;
    },
    commit: async () => undefined,
    abort: async () => undefined,
  };
  write(output).then(
    () => readable.push(null),
    (error: unknown) => readable.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return readable;
}
