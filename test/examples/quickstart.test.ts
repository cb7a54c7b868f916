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
          env: { ...process.env, OMEGA_HOME: home, OMEGA_CONTEXT: '', OMEGA_STORE_URL: '', OMEGA_BROKER_URL: '' },
          encoding: 'utf8',
        });
        assert.equal(result.status, 0, result.stderr);
        const out = result.stdout;
        assert.match(out, /Put 150 iris measurements into dev as a typed table/);
        assert.match(out, /virginica {2}mean petal_length 5\.68 over 50 rows/);
        assert.match(out, /refused, nothing changed in prod: .*fitted: models\/iris-model is not trained/);
        assert.match(out, /Fitted it on dev's runtime \(task [0-9a-f]{8}\): version [0-9a-f]{12}, fitted=true/);
        assert.match(
          out,
          /prod's runtime does not know the model: models\/iris-model \(bucket default\) does not exist in context prod/,
        );
        assert.match(
          out,
          /A dry run shows the plan: create models\/iris-model in prod, \d+ bytes, conditions: fitted passed/,
        );
        assert.match(out, /prod predicts at once: \[6\.9,3\.1,5\.4,2\.1\] is "virginica"/);
        const ledger = out.split('\n').filter((line) => / promote from dev\/default {2}version /.test(line));
        assert.equal(ledger.length, 1, "the ledger shows this run's promotion only");
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
