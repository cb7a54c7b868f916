import type { Command } from 'commander';
import type { Omega } from '../omega.js';

/** The options every command accepts before its name (API.md §8). */
export interface GlobalOptions {
  context?: string;
  bucket?: string;
  local?: boolean;
  json?: boolean;
  debug?: boolean;
}

/** What the commands share: the global options, the selected context, and output. */
export class CliSession {
  constructor(private readonly program: Command) {}

  get options(): GlobalOptions {
    return this.program.opts<GlobalOptions>();
  }

  /** Opens the selected context and bucket for `work`, and always closes it. */
  async withOmega<T>(work: (om: Omega) => Promise<T>): Promise<T> {
    const { context, bucket, local } = this.options;
    // Imported here so that help, usage errors and `om contexts` do not load the database drivers.
    const { setup } = await import('../setup.js');
    const om = await setup({ context, bucket, local });
    try {
      return await work(om);
    } finally {
      await om.close();
    }
  }

  /** Prints `value` as JSON with --json (Dates as ISO strings), else the lines `plain` renders. */
  print<T>(value: T, plain: (value: T) => string[]): void {
    const text = this.options.json ? JSON.stringify(value, null, 2) : plain(value).join('\n');
    if (text !== '') process.stdout.write(`${text}\n`);
  }
}
