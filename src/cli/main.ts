#!/usr/bin/env node
import { once } from 'node:events';
import type { CliIo } from './io.js';
import { runOm } from './program.js';

// A reader that stops early (`om datasets get x - | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const io: CliIo = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  isTTY: { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
  stopSignal: () =>
    Promise.race([once(process, 'SIGTERM').then(() => 'SIGTERM'), once(process, 'SIGINT').then(() => 'SIGINT')]),
};

// exitCode, not exit(): stdout may still be flushing into a pipe.
process.exitCode = await runOm(process.argv.slice(2), io);
