import type { Command } from 'commander';
import type { CliSession } from './session.js';

/** Adds `om buckets`: the buckets of the context that hold at least one object. */
export function addBucketsCommand(program: Command, session: CliSession): void {
  program
    .command('buckets')
    .description('list the buckets of the context that hold at least one object')
    .action(() =>
      session.withOmega(async (om) => {
        session.print(await om.buckets(), (names) => names);
      }),
    );
}
