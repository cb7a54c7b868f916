import assert from 'node:assert/strict';
import type { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { bytesText, createElapsed, createProgress } from '../../../src/cli/progress.js';

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

  it('counts bytes as B, kB, MB with the percent of the total', () => {
    const progress = createProgress(terminal, 'iris: read', 2_500_000, 'bytes');
    progress.tick(750_000);
    progress.done();
    assert.deepEqual(written, [
      '\riris: read 750.0 kB/2.5 MB (30%)\x1b[K',
      '\riris: read 750.0 kB/2.5 MB (30%)\x1b[K',
      '\n',
    ]);
    assert.deepEqual([999, 1000, 1_234_567, 3e9].map(bytesText), ['999 B', '1.0 kB', '1.2 MB', '3.0 GB']);
  });

  it('shows elapsed seconds from the start, and nothing without a terminal', () => {
    const elapsed = createElapsed(terminal, 'forest fit:');
    mock.timers.tick(2500);
    elapsed.done();
    elapsed.done();
    assert.deepEqual(written, ['\rforest fit: 0 s\x1b[K', '\rforest fit: 2.5 s\x1b[K', '\n']);
    createElapsed(undefined, 'x').done();
    assert.equal(written.length, 3);
  });
});
