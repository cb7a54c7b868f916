import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// The README's first command runs this; it must keep working on the embedded default.
describe('examples/quickstart.ts', () => {
  it('runs end to end on a fresh OMEGA_HOME, twice', () => {
    const home = mkdtempSync(join(tmpdir(), 'omegats-demo-'));
    try {
      for (let run = 0; run < 2; run++) {
        const result = spawnSync(process.execPath, ['--import', 'tsx', 'examples/quickstart.ts'], {
          env: { ...process.env, OMEGA_HOME: home, OMEGA_CONTEXT: '', OMEGA_STORE_URL: '' },
          encoding: 'utf8',
        });
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.stdout, /prod does not see it: data\/iris\/config \(bucket prod\) does not exist/);
        assert.match(result.stdout, /buckets in "default": dev, prod/);
        assert.match(result.stdout, /species:text, sepal_length:float, petal_length:float/);
        assert.match(result.stdout, /virginica {2}mean sepal_length 6\.05 over 2 rows/);
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
