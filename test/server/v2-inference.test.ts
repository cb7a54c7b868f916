import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { before, describe, it } from 'node:test';
import { DecisionTreeClassifier, DecisionTreeRegression } from '../../src/models/mljs/lib.js';
import type { Omega } from '../../src/omega.js';
import { ENGINES } from '../helpers/engines.js';
import { irisLike } from '../models/mljs/fixtures.js';
import { serverSuite } from './helpers.js';

const iris = irisLike(30, 3);
const irisRows = iris.X.map(([sl, sw, pl, pw], i) => ({ sl, sw, pl, pw, species: iris.species[i] }));
const counts = [
  { a: 1, b: 2, y: 5 },
  { a: 2, b: 1, y: 4 },
  { a: 3, b: 3, y: 9 },
  { a: 4, b: 0, y: 4 },
];

/** A fitted tree on iris (tagged v1), a regression tree fitted on integer columns, one fitted on literal rows, one untrained. */
async function prepare(om: Omega): Promise<void> {
  await om.datasets.put(irisRows, 'iris');
  await om.models.put(new DecisionTreeClassifier(), 'flowers/tree');
  await om.runtime.model('flowers/tree').fit('iris[sl,sw,pl,pw]', 'iris[species]');
  await om.models.tag('flowers/tree', 'v1');
  await om.datasets.put(counts, 'counts');
  await om.models.put(new DecisionTreeRegression(), 'linear');
  await om.runtime.model('linear').fit('counts[a,b]', 'counts[y]');
  await om.models.put(new DecisionTreeClassifier(), 'literal');
  await om.runtime.model('literal').fit(iris.X, iris.classes);
  await om.models.put(new DecisionTreeClassifier(), 'blank');
}

interface InferResponse {
  model_name: string;
  model_version: string;
  id?: string;
  outputs: { name: string; datatype: string; shape: number[]; data: unknown[] }[];
}

for (const engine of ENGINES) {
  describe(`Open Inference Protocol V2 (${engine})`, () => {
    const suite = serverSuite(engine, { prepare });
    let base = '';
    before(async () => {
      await suite.app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(suite.app.server.address() as AddressInfo).port}/v2`;
    });
    const infer = (model: string, body: unknown) =>
      fetch(`${base}/models/${model}/infer`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });

    it('answers health live and ready', async () => {
      for (const probe of ['live', 'ready']) {
        const response = await fetch(`${base}/health/${probe}`);
        assert.equal(response.status, 200);
        assert.deepEqual(await response.json(), { [probe]: true });
      }
    });

    it('describes a model: versions, platform, inputs and outputs from its training columns', async () => {
      const response = await fetch(`${base}/models/flowers/tree`);
      assert.equal(response.status, 200);
      const metadata = (await response.json()) as Record<string, unknown>;
      const revisions = await suite.om.models.revisions('flowers/tree');
      assert.equal(metadata.name, 'flowers/tree');
      assert.deepEqual(
        metadata.versions,
        revisions.map((r) => r.version),
      );
      assert.equal(metadata.platform, 'mljs.decision-tree-classifier');
      assert.deepEqual(
        metadata.inputs,
        ['sl', 'sw', 'pl', 'pw'].map((name) => ({ name, datatype: 'FP64', shape: [-1, 1] })),
      );
      assert.deepEqual(metadata.outputs, [{ name: 'species', datatype: 'BYTES', shape: [-1] }]);
      const literal = (await (await fetch(`${base}/models/literal`)).json()) as Record<string, unknown>;
      assert.deepEqual(literal.inputs, [{ name: 'input-0', datatype: 'FP64', shape: [-1, -1] }]);
      const ready = await fetch(`${base}/models/flowers/tree/versions/v1/ready`);
      assert.deepEqual(await ready.json(), { name: 'flowers/tree', ready: true });
    });

    it('infers from one FP32 tensor of rows, by name and by version', async () => {
      const rows = iris.X.slice(0, 3);
      const expected = await suite.om.runtime.model('flowers/tree').predict(rows);
      const body = { id: 'req-1', inputs: [{ name: 'input-0', shape: [3, 4], datatype: 'FP32', data: rows.flat() }] };
      const response = await infer('flowers/tree', body);
      assert.equal(response.status, 200, await response.clone().text());
      const answer = (await response.json()) as InferResponse;
      const meta = await suite.om.models.metadata('flowers/tree');
      assert.equal(answer.model_name, 'flowers/tree');
      assert.equal(answer.model_version, meta?.kindMeta.version);
      assert.equal(answer.id, 'req-1');
      assert.deepEqual(answer.outputs, [{ name: 'species', datatype: 'BYTES', shape: [3], data: expected }]);
      const versioned = await infer('flowers/tree/versions/v1', { inputs: [{ ...body.inputs[0], data: rows }] });
      assert.deepEqual(((await versioned.json()) as InferResponse).outputs[0]?.data, expected);
    });

    it('infers from one INT64 tensor per input column, in the model’s column order', async () => {
      const expected = await suite.om.runtime.model('linear').predict([
        [5, 1],
        [0, 7],
      ]);
      const response = await infer('linear', {
        inputs: [
          { name: 'b', shape: [2, 1], datatype: 'INT64', data: [1, 7] },
          { name: 'a', shape: [2], datatype: 'INT64', data: [5, 0] },
        ],
        outputs: [{ name: 'y' }],
      });
      assert.equal(response.status, 200, await response.clone().text());
      const [output] = ((await response.json()) as InferResponse).outputs;
      assert.equal(output?.name, 'y');
      assert.deepEqual(output?.shape, [2]);
      assert.deepEqual(output?.data, expected);
    });

    it('answers a bad shape, datatype or value with 400, and a missing model with 404', async () => {
      const problem = async (model: string, inputs: unknown[], status = 400) => {
        const response = await infer(model, { inputs });
        assert.equal(response.status, status);
        assert.match(String(response.headers.get('content-type')), /^application\/problem\+json/);
        return ((await response.json()) as { detail: string }).detail;
      };
      const tensor = { name: 'x', shape: [2, 4], datatype: 'FP32', data: [1, 2, 3, 4, 5, 6, 7] };
      assert.match(await problem('flowers/tree', [tensor]), /shape \[2, 4\] holds 8 values, but data has 7/);
      assert.match(await problem('flowers/tree', [{ ...tensor, datatype: 'FP16' }]), /FP16" is not supported/);
      assert.match(
        await problem('flowers/tree', [{ ...tensor, datatype: 'INT32', data: [1, 2, 3, 4, 5, 6, 7, 8.5] }]),
        /value 7 \(8.5\) is not INT32/,
      );
      assert.match(
        await problem('flowers/tree', [
          {
            ...tensor,
            data: [
              [1, 2, 3],
              [4, 5, 6, 7, 8],
            ],
          },
        ]),
        /nested data has 3 entries/,
      );
      assert.match(await problem('flowers/tree', [{ ...tensor, shape: [-2, 4] }]), /non-negative integers/);
      assert.match(
        await problem('linear', [
          { name: 'a', shape: [2], datatype: 'INT64', data: [1, 2] },
          { name: 'b', shape: [3], datatype: 'INT64', data: [1, 2, 3] },
        ]),
        /batch size 3 differs from 2/,
      );
      assert.match(await problem('flowers/tree', []), /inputs/);
      const unknownOutput = await infer('linear', {
        inputs: [{ name: 'a', shape: [1, 2], datatype: 'INT64', data: [1, 2] }],
        outputs: [{ name: 'z' }],
      });
      assert.equal(unknownOutput.status, 400);
      await problem('nothing/here', [tensor], 404);
      const notInfer = await fetch(`${base}/models/flowers/tree`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(notInfer.status, 400);
      assert.equal((await fetch(`${base}/health/live`)).status, 200);
    });

    it('answers a prediction the model cannot make with 422', async () => {
      const response = await infer('blank', { inputs: [{ name: 'x', shape: [1, 2], datatype: 'FP64', data: [1, 2] }] });
      assert.equal(response.status, 422, await response.clone().text());
      const ready = await fetch(`${base}/models/blank/ready`);
      assert.deepEqual(await ready.json(), { name: 'blank', ready: false });
    });
  });
}
