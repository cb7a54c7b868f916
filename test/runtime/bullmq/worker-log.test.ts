import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runtimeSuite, SUITE_OPTIONS } from './runtime-suite.js';
import type { WorkerProcess } from './worker-process.js';

const SLEEPY = fileURLToPath(new URL('../../fixtures/runtime/sleepy.js', import.meta.url));
const FAILING = fileURLToPath(new URL('../../fixtures/runtime/failing.js', import.meta.url));

/** The JSON lines a worker printed on stdout (after its ready line), each checked to be one object. */
function jsonLines(worker: WorkerProcess): Record<string, unknown>[] {
  const [, ...lines] = worker.printed.stdout.trimEnd().split('\n');
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('om worker: one log line per task', SUITE_OPTIONS, () => {
  const suite = runtimeSuite({ main: 'sqlite' }, async (s) => {
    await s.om().scripts.put(SLEEPY, 'sleepy');
    await s.om().scripts.put(FAILING, 'failing');
  });

  it('text: id, action, object, context, label, bucket, seconds, ok or failed with the reason', async () => {
    const worker = await suite.startWorker({ labels: ['text'] });
    const runtime = suite.om().runtime.require('text');
    const context = suite.name('main');
    const ok = runtime.script('sleepy').run({ ms: 10 });
    await ok;
    await worker.untilOutput(
      new RegExp(`^\\S+ task ${ok.id} run sleepy context=${context} label=text bucket=default \\d+\\.\\d{3}s ok$`, 'm'),
    );
    const failed = runtime.script('failing').run();
    await assert.rejects(failed.result(), /no luck today/);
    await worker.untilOutput(
      new RegExp(
        `^\\S+ task ${failed.id} run failing context=${context} label=text bucket=default \\d+\\.\\d{3}s failed: .*no luck today$`,
        'm',
      ),
    );
    await runtime.ping();
    await worker.untilOutput(/^\S+ task \S+ ping - context=\S+ label=text bucket=default \d+\.\d{3}s ok$/m);
  });

  it('--log-format json: one JSON object per line with the same fields', async () => {
    const worker = await suite.startWorker({ labels: ['json'], logFormat: 'json' });
    const runtime = suite.om().runtime.require('json');
    const ok = runtime.script('sleepy').run({ ms: 10 });
    await ok;
    const failed = runtime.script('failing').run();
    await assert.rejects(failed.result(), /no luck today/);
    await worker.untilOutput(new RegExp(`"id":"${failed.id}"`));
    const lines = jsonLines(worker);
    const common = { event: 'task', context: suite.name('main'), label: 'json', bucket: 'default' };
    const okLine = lines.find((line) => line.id === ok.id);
    assert.deepEqual(
      { ...okLine, time: undefined, seconds: undefined },
      { ...common, id: ok.id, action: 'run', object: 'sleepy', outcome: 'ok', time: undefined, seconds: undefined },
    );
    assert.equal(typeof okLine?.seconds, 'number');
    assert.ok(!Number.isNaN(Date.parse(String(okLine?.time))));
    const failedLine = lines.find((line) => line.id === failed.id);
    assert.equal(failedLine?.outcome, 'failed');
    assert.equal(failedLine?.object, 'failing');
    assert.match(String(failedLine?.reason), /no luck today/);
  });
});
