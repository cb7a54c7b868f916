// A PostgreSQL server that goes away after a context was opened: every API call rejects with an
// UnavailableError (never a raw driver error such as ECONNREFUSED), and no message carries the
// password. The context reaches the server through a TCP relay that the test shuts down, which
// cuts the open connections and refuses new ones, as a stopped server does.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { RandomForestClassifier } from 'ml-random-forest';
import pg from 'pg';
import { type Omega, setup, UnavailableError } from '../../src/index.js';
import { PG_URL } from '../helpers/engines.js';

const PASSWORD = 'secretpw-do-not-leak';

/** Relays TCP connections to `port`; `shut()` closes the listener and cuts every connection. */
async function relay(port: number): Promise<{ port: number; shut(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = tcpConnect(port, '127.0.0.1');
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(a);
      a.pipe(b);
      a.on('error', () => b.destroy());
      a.on('close', () => b.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return {
    port: address.port,
    shut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

describe('PostgreSQL down after open (postgres)', { skip: !PG_URL }, () => {
  const database = `omegats_test_${randomBytes(6).toString('hex')}`;
  let home: string;
  let om: Omega;
  let store: string;

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'omegats-test-'));
    const server = new URL(PG_URL as string);
    const link = await relay(Number(server.port || 5432));
    const url = new URL(PG_URL as string);
    url.port = String(link.port);
    url.password = PASSWORD;
    url.pathname = `/${database}`;
    store = url.toString();
    om = await setup({ home, name: 'down', store, create: true });
    await om.datasets.put({ a: 1 }, 'config');
    await om.datasets.put(Buffer.from('some bytes'), 'report');
    await om.datasets.put([{ x: 1 }], 'rows');
    await om.datasets.promote('config', om.bucket('prod').datasets);
    await link.shut();
  });
  after(async () => {
    await om?.close();
    rmSync(home, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  });

  const calls: [string, () => Promise<unknown>][] = [
    ['datasets.get of json', () => om.datasets.get('config')],
    ['datasets.get of a file', () => om.datasets.get('report')],
    ['datasets.get of rows', () => om.datasets.get('rows')],
    ['datasets.list', () => om.datasets.list()],
    ['datasets.metadata', () => om.datasets.metadata('config')],
    ['datasets.exists', () => om.datasets.exists('config')],
    ['datasets.put of json', () => om.datasets.put({ b: 2 }, 'other')],
    ['datasets.put of a file', () => om.datasets.put(Buffer.from('more bytes'), 'file')],
    ['datasets.put of rows', () => om.datasets.put([{ x: 2 }], 'rows2')],
    ['datasets.drop', () => om.datasets.drop('config')],
    ['models.put', () => om.models.put(new RandomForestClassifier({ nEstimators: 2 }), 'm')],
    ['datasets.promotions', () => om.bucket('prod').datasets.promotions()],
    ['datasets.promote', () => om.datasets.promote('config', om.bucket('prod').datasets)],
    ['buckets', () => om.buckets()],
  ];
  for (const [what, call] of calls) {
    it(`${what} rejects with an UnavailableError without the password`, { timeout: 30_000 }, async () => {
      const error = await call().then(
        (value) => assert.fail(`${what} succeeded with the server down: ${inspect(value)}`),
        (e: unknown) => e,
      );
      assert.ok(error instanceof UnavailableError, `expected an UnavailableError, got ${inspect(error)}`);
      assert.ok(!error.message.includes(PASSWORD), `the message leaks the password: ${error.message}`);
      assert.ok(!inspect(error, { depth: 10 }).includes(PASSWORD), 'the cause or stack leaks the password');
    });
  }
});
