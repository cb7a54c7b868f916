import type { Command } from 'commander';
import type { SetupOptions } from '../config/context-spec.js';
import type { Omega } from '../omega.js';
import { type GlobalOptions, globalOptionValues } from './global-options.js';
import type { CliIo } from './io.js';
import { createProgress, type Progress } from './progress.js';

/** What the commands share: the global options, the selected context, the io, and the exit code. */
export class CliSession {
  /** Set by a command that succeeds but must report a failure (a dry run whose conditions fail). */
  exitCode = 0;

  constructor(
    readonly program: Command,
    readonly io: CliIo,
  ) {}

  /** The global options, wherever on the line they were given. */
  get options(): GlobalOptions {
    return globalOptionValues(this.program);
  }

  /** Opens the selected context and bucket for `work`, and always closes it. */
  async withOmega<T>(work: (om: Omega) => Promise<T>): Promise<T> {
    const { context, bucket, local } = this.options;
    const om = await this.open({ context, bucket, local });
    try {
      return await work(om);
    } finally {
      await om.close();
    }
  }

  /** Opens a context as `setup(options)` does, with the environment of this run. */
  async open(options: SetupOptions): Promise<Omega> {
    // Imported here so that help, usage errors and `om contexts` do not load the database drivers.
    const { setupWith } = await import('../setup.js');
    return setupWith(options, this.io.env);
  }

  /** Prints `value` as JSON with --json (Dates as ISO strings), else the lines `plain` renders. */
  print<T>(value: T, plain: (value: T) => string[]): void {
    const text = this.options.json ? JSON.stringify(value, null, 2) : plain(value).join('\n');
    if (text !== '') this.io.stdout.write(`${text}\n`);
  }

  /** Progress of long work on stderr, when it is a terminal. */
  progress(label: string, total?: number): Progress {
    return createProgress(this.io.isTTY.stderr ? this.io.stderr : undefined, label, total);
  }
}
