import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Problem } from '../../src/server/problem.js';
import { serverSuite } from './helpers.js';

describe('requests refused by the HTTP parser', () => {
  const suite = serverSuite('sqlite', {
    prepare: async (om) => {
      await om.datasets.put([{ a: 1 }], 'sales');
    },
  });

  it('a URL over 16 KiB (10,000 filters) is a 431 problem+json, and the server keeps serving', async () => {
    await suite.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = suite.app.server.address() as { port: number };
    const filters = Array.from({ length: 10_000 }, (_, i) => `a=${i}`).join('&');
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/dataset/sales?${filters}`);
    assert.equal(response.status, 431);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const problem = (await response.json()) as Problem;
    assert.equal(problem.code, 'OMEGA_INVALID');
    assert.match(problem.detail, /larger than 16 KiB/);
    const again = await fetch(`http://127.0.0.1:${port}/api/v1/dataset/sales`);
    assert.deepEqual(await again.json(), { data: [{ a: 1 }] });
  });
});
