import assert from 'node:assert/strict';
import type { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { createProgress } from '../../../src/cli/progress.js';

describe('createProgress', () => {
  let written: string[];
  let terminal: Writable;

  beforeEach(() => {
    written = [];
    terminal = {
      write: (text: string) => {
        written.push(text);
        return true;
      },
    } as unknown as Writable;
    mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
  });

  afterEach(() => {
    mock.timers.reset();
  });

  it('writes nothing without a terminal (stderr is not a TTY)', () => {
    const progress = createProgress(undefined, 'rows');
    progress.tick(5);
    progress.done();
    assert.deepEqual(written, []);
  });

  it('rewrites one line with count, total and percent, at most every 100 ms', () => {
    const progress = createProgress(terminal, 'export', 2000);
    progress.tick(500);
    progress.tick(500);
    progress.tick(100);
    assert.deepEqual(written, ['\rexport 500/2,000 (25%)\x1b[K']);
    mock.timers.tick(100);
    progress.tick(400);
    progress.done();
    progress.done();
    progress.tick(1);
    assert.deepEqual(written, [
      '\rexport 500/2,000 (25%)\x1b[K',
      '\rexport 1,500/2,000 (75%)\x1b[K',
      '\rexport 1,500/2,000 (75%)\x1b[K',
      '\n',
    ]);
  });

  it('shows the count alone without a total', () => {
    const progress = createProgress(terminal, 'rows');
    progress.tick(1234567);
    progress.done();
    assert.deepEqual(written, ['\rrows 1,234,567\x1b[K', '\rrows 1,234,567\x1b[K', '\n']);
  });
});
