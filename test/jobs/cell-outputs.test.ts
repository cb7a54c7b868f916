import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CellOutputs } from '../../src/jobs/cell-outputs.js';

describe('cell outputs', () => {
  it('merges writes to one stream, attributes them to the running cell, and ignores them once closed', () => {
    const outputs = new CellOutputs();
    outputs.enter(0);
    outputs.console.log('a');
    outputs.console.log('b');
    outputs.console.error('c');
    outputs.console.log('d');
    outputs.enter(2);
    outputs.console.table([{ x: 1 }]);
    outputs.close();
    outputs.console.log('late');
    assert.deepEqual(outputs.of(0), [
      { output_type: 'stream', name: 'stdout', text: 'a\nb\n' },
      { output_type: 'stream', name: 'stderr', text: 'c\n' },
      { output_type: 'stream', name: 'stdout', text: 'd\n' },
    ]);
    assert.match((outputs.of(2)[0] as { text: string }).text, /│ x │/);
    assert.deepEqual([outputs.executionCount(0), outputs.executionCount(1), outputs.executionCount(2)], [1, null, 2]);
  });

  it('keeps printed text up to its limit and says on stderr how much it dropped', () => {
    const outputs = new CellOutputs(10);
    outputs.enter(0);
    outputs.console.log('x'.repeat(7));
    outputs.enter(1);
    outputs.console.log('y'.repeat(7));
    outputs.console.log('z');
    outputs.close();
    assert.deepEqual(outputs.of(0), [{ output_type: 'stream', name: 'stdout', text: 'xxxxxxx\n' }]);
    assert.deepEqual(outputs.of(1), [
      { output_type: 'stream', name: 'stdout', text: 'yy' },
      {
        output_type: 'stream',
        name: 'stderr',
        text: '[omegats: 8 more characters of output past the 10 a run keeps were dropped]\n',
      },
    ]);
  });
});
