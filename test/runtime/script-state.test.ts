import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { ScriptPackage } from '../../src/scripts/script-package.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';

/** A script whose entry and whose helper module each count their runs in a module-level variable. */
function counterScript(): ScriptPackage {
  const salt = `// ${randomBytes(8).toString('hex')}\n`;
  const entry = `${salt}import { tick } from './lib/tally.mjs';\nlet runs = 0;\nexport function run() { runs += 1; return [runs, tick()]; }\n`;
  const helper = 'let ticks = 0;\nexport function tick() { ticks += 1; return ticks; }\n';
  return new ScriptPackage(
    'index.mjs',
    new Map([
      ['index.mjs', Buffer.from(entry)],
      ['lib/tally.mjs', Buffer.from(helper)],
    ]),
  );
}

for (const engine of ENGINES) {
  describe(`script module state (${engine})`, () => {
    const t = suiteContext(engine);

    it('is kept per bucket: runs in bucket A count 1, 2 and a run in bucket B counts 1', async () => {
      const pkg = counterScript();
      const a = t.om.bucket('state-a');
      const b = t.om.bucket('state-b');
      // The same content in both buckets: the same version.
      const [inA, inB] = [await a.scripts.put(pkg, 'counter'), await b.scripts.put(pkg, 'counter')];
      assert.equal(inA.kindMeta.version, inB.kindMeta.version);
      const run = async (om: typeof a) => (await om.runtime.script('counter').run()).result;
      assert.deepEqual(await run(a), [1, 1]);
      assert.deepEqual(await run(a), [2, 2]);
      assert.deepEqual(await run(b), [1, 1]);
      assert.deepEqual(await run(a), [3, 3]);
    });
  });
}
