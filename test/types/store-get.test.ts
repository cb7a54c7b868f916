// The types of the stores' `get`, checked by `tsc --noEmit` (npm run check): each `expectType`
// fails to compile when a result's type differs, and each `@ts-expect-error` line fails to
// compile when the misuse under it is accepted. Run as a test, every call also checks that the
// value is what its type says.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type * as arrow from 'apache-arrow';
import { RandomForestClassifier } from 'ml-random-forest';
import {
  type Columns,
  type DatasetShape,
  type Notebook,
  NotFoundError,
  type Row,
  ScriptPackage,
  ValidationError,
} from '../../src/index.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';

/** True when A and B are the same type (not merely assignable). */
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;

/** Compiles only when the type of `value` is exactly `Expected`. */
function exactly<Expected>() {
  return <Actual>(value: Actual, ..._: Equal<Actual, Expected> extends true ? [] : [never]): Actual => value;
}

const SCRIPT = fileURLToPath(new URL('../fixtures/runtime/sleepy.js', import.meta.url));

for (const engine of ENGINES) {
  describe(`typed store get (${engine})`, () => {
    const t = suiteContext(engine, async (om) => {
      await om.datasets.put(
        [
          { region: 'EU', amount: 12.5 },
          { region: 'US', amount: 3 },
        ],
        'sales',
      );
      await om.datasets.put({ threshold: 0.7 }, 'config', { kind: 'json' });
      await om.datasets.put(Buffer.from('bytes'), 'logo');
      await om.models.put(new RandomForestClassifier({ nEstimators: 2 }), 'iris');
      await om.scripts.put(SCRIPT, 'sleepy');
    });

    it('a table: rows by default, columns, an Arrow table', async () => {
      const rows = exactly<Row[]>()(await t.om.datasets.get('sales'));
      assert.deepEqual(rows, [
        { region: 'EU', amount: 12.5 },
        { region: 'US', amount: 3 },
      ]);
      const filtered = exactly<Row[]>()(await t.om.datasets.get('sales', { filter: { region: 'EU' }, limit: 1 }));
      assert.deepEqual(filtered, [{ region: 'EU', amount: 12.5 }]);
      const asRows = exactly<Row[]>()(await t.om.datasets.get('sales', { as: 'rows' }));
      assert.equal(asRows.length, 2);

      const columns = exactly<Columns>()(await t.om.datasets.get('sales[amount]', { as: 'columns' }));
      const amounts: unknown[] | undefined = columns.amount;
      assert.deepEqual(amounts, [12.5, 3]);

      const table = exactly<arrow.Table>()(await t.om.datasets.get('sales', { as: 'arrow' }));
      assert.equal(table.numRows, 2);
      assert.deepEqual(table.schema.fields.map((f) => f.name).sort(), ['amount', 'region']);
    });

    it('json and file datasets: the caller names the type; a stream is a Readable', async () => {
      const config = exactly<{ threshold: number }>()(await t.om.datasets.get<{ threshold: number }>('config'));
      assert.equal(config.threshold, 0.7);
      const logo = exactly<Buffer>()(await t.om.datasets.get<Buffer>('logo'));
      assert.ok(Buffer.isBuffer(logo));
      assert.equal(logo.toString(), 'bytes');
      const stream = exactly<Readable>()(await t.om.datasets.get('logo', { as: 'stream' }));
      assert.ok(stream instanceof Readable);
      assert.equal(Buffer.concat(await stream.toArray()).toString(), 'bytes');
    });

    it('without a shape, the declared type names T (as get<T>() does)', async () => {
      const config: { threshold: number } = await t.om.datasets.get('config');
      assert.equal(config.threshold, 0.7);
      const forest: RandomForestClassifier = await t.om.models.get('iris');
      assert.ok(forest instanceof RandomForestClassifier);
    });

    it('a shape known only at run time gives unknown', async () => {
      const shape = ['rows', 'columns'][1] as DatasetShape;
      const value = exactly<unknown>()(await t.om.datasets.get('sales', { as: shape }));
      assert.deepEqual(value, { region: ['EU', 'US'], amount: [12.5, 3] });
    });

    it('models: unknown unless named; scripts: a ScriptPackage; jobs: a Notebook', async () => {
      const model = exactly<unknown>()(await t.om.models.get('iris'));
      assert.ok(model instanceof RandomForestClassifier);
      const forest = exactly<RandomForestClassifier>()(await t.om.models.get<RandomForestClassifier>('iris'));
      assert.equal(forest.estimators, undefined, 'untrained');
      const script = exactly<ScriptPackage>()(await t.om.scripts.get('sleepy'));
      assert.ok(script instanceof ScriptPackage);
      const job = exactly<Promise<Notebook>>()(t.om.jobs.get('none'));
      await assert.rejects(job, NotFoundError);
    });

    it('misuse does not compile (and fails or differs at run time)', async () => {
      // @ts-expect-error: not a shape
      await assert.rejects(t.om.datasets.get('sales', { as: 'colums' }), ValidationError);
      // @ts-expect-error: limit is a number
      await assert.rejects(t.om.datasets.get('sales', { limit: 'ten' }), ValidationError);
      // @ts-expect-error: columns are not rows
      const rows: Row[] = await t.om.datasets.get('sales', { as: 'columns' });
      assert.equal(Array.isArray(rows), false);
      // @ts-expect-error: a stream is not a Buffer
      const bytes: Buffer = await t.om.datasets.get('logo', { as: 'stream' });
      assert.equal(Buffer.isBuffer(bytes), false);
      (bytes as unknown as Readable).destroy();
      // @ts-expect-error: a model is unknown until named
      assert.ok((await t.om.models.get('iris')).predict);
    });
  });
}
