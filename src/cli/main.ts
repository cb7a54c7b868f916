#!/usr/bin/env node
import { reportFailure } from './failure.js';
import { createProgram } from './program.js';
import type { GlobalOptions } from './session.js';

// A reader that stops early (`om datasets get x - | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = createProgram();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  // exitCode, not exit(): stdout may still be flushing into a pipe.
  process.exitCode = reportFailure(error, program.opts<GlobalOptions>().debug === true);
}
