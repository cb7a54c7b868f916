import assert from 'node:assert/strict';
import { once } from 'node:events';
import { get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { before, describe, it } from 'node:test';
import { ENGINES } from '../helpers/engines.js';
import { serverSuite } from './helpers.js';

const ROWS = 30_000;
const csvLines = Array.from({ length: ROWS }, (_, i) => `${i},row ${i}`);
const csvBody = `n,label\n${csvLines.join('\n')}\n`;
/** The bytes of the header and the first chunk of rows the server reads (10,000). */
const FIRST_CHUNK_BYTES = `n,label\n${csvLines.slice(0, 10_000).join('\n')}\n`.length;

/** The bytes a cut-off body had delivered, from its error message. */
const receivedBytes = (error: Error) => Number(/after (\d+) bytes/.exec(error.message)?.[1]);

for (const engine of ENGINES) {
  describe(`dataset streams over a socket (${engine})`, () => {
    const suite = serverSuite(engine, {
      prepare: async (om) => {
        await om.datasets.put([{ n: -1, label: 'kept' }], 'cut/csv');
        await om.datasets.put([{ n: -1, label: 'kept' }], 'typed');
        await om.datasets.put(
          Array.from({ length: ROWS }, (_, n) => ({ n, label: `row ${n}` })),
          'big',
        );
      },
    });
    let base = '';
    /** The error each failed request ended with, by URL, once its handler is done. */
    const failures = new Map<string, (error: Error) => void>();
    const failureOf = (url: string) => new Promise<Error>((resolve) => failures.set(url, resolve));

    before(async () => {
      suite.app.addHook('onError', async (request, _reply, error) => failures.get(request.url)?.(error));
      await suite.app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(suite.app.server.address() as AddressInfo).port}`;
    });

    /** Sends the head of a PUT and `sent` of its body, then drops the connection. */
    async function cutOffPut(url: string, type: string, body: Buffer, sent: number): Promise<void> {
      const socket = connect(Number(new URL(base).port), '127.0.0.1');
      await once(socket, 'connect');
      socket.write(
        `PUT ${url} HTTP/1.1\r\nHost: test\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      socket.write(body.subarray(0, sent));
      // the server has read past the first chunk of rows once the socket's buffer drained
      if (socket.writableNeedDrain) await once(socket, 'drain');
      socket.destroy();
    }

    it('keeps a table as it was when a CSV append is cut off midway, and keeps serving', async () => {
      const url = '/api/v1/dataset/cut/csv';
      const failed = failureOf(url);
      await cutOffPut(url, 'text/csv', Buffer.from(csvBody), Math.floor(csvBody.length * 0.8));
      const error = await failed;
      assert.match(error.message, /the request body was cut off after \d+ bytes/);
      // past the first chunk: rows were written into the transaction, then rolled back
      assert.ok(receivedBytes(error) > FIRST_CHUNK_BYTES, error.message);
      assert.deepEqual(await suite.om.datasets.get('cut/csv'), [{ n: -1, label: 'kept' }]);
      const ping = await fetch(`${base}/api/v1/ping`);
      assert.equal(ping.status, 200);
    });

    it('writes nothing of an Arrow stream cut off midway', async () => {
      const arrow = await fetch(`${base}/api/v1/dataset/big`, {
        headers: { accept: 'application/vnd.apache.arrow.stream' },
      });
      const bytes = Buffer.from(await arrow.arrayBuffer());
      const url = '/api/v1/dataset/cut/arrow?append=false';
      const failed = failureOf(url);
      await cutOffPut(url, 'application/vnd.apache.arrow.stream', bytes, Math.floor(bytes.length * 0.8));
      assert.match((await failed).message, /cut off/);
      assert.equal(await suite.om.datasets.exists('cut/arrow'), false);
      // the whole stream, sent again, is stored
      const put = await fetch(`${base}${url}`, {
        method: 'PUT',
        body: bytes,
        headers: { 'content-type': 'application/vnd.apache.arrow.stream' },
      });
      assert.equal(put.status, 200, await put.clone().text());
      assert.equal(((await put.json()) as { result: { kindMeta: { rows: number } } }).result.kindMeta.rows, ROWS);
    });

    it('answers a bad streamed upload before its end, and the client reads the 400', async () => {
      const bad = csvBody.replace('\n15000,row 15000\n', '\nfifteen,row 15000\n');
      const response = await fetch(`${base}/api/v1/dataset/typed`, {
        method: 'PUT',
        body: bad,
        headers: { 'content-type': 'text/csv' },
      });
      assert.equal(response.status, 400);
      assert.match(((await response.json()) as { detail: string }).detail, /line 15002: column "n" is integer/);
      assert.deepEqual(await suite.om.datasets.get('typed'), [{ n: -1, label: 'kept' }]);
      assert.equal((await fetch(`${base}/api/v1/ping`)).status, 200);
    });

    it('frees the query of every download the client abandons', async () => {
      // more abandoned downloads than the engine has connections: a leaked snapshot would starve the next request
      for (let i = 0; i < 12; i++) {
        const request = get(`${base}/api/v1/dataset/big`, { headers: { accept: 'text/csv' } });
        const [response] = (await once(request, 'response')) as [IncomingMessage];
        await once(response, 'data');
        request.destroy();
      }
      const response = await fetch(`${base}/api/v1/dataset/big?n__lt=3`, {
        headers: { accept: 'application/x-ndjson' },
      });
      assert.equal(response.status, 200);
      assert.equal((await response.text()).trimEnd().split('\n').length, 3);
    });
  });
}
