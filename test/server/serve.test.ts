import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { runOm } from '../../src/cli/program.js';
import { isLoopback } from '../../src/cli/serve-command.js';
import type { Omega } from '../../src/omega.js';
import { setup } from '../../src/setup.js';
import { type CliSite, cliSite, omInProcess } from '../cli/om-cli.js';
import { iris, prepareModels } from './fixtures.js';

/** `om ...args` running in this process until `stop()`; `url` once it printed where it listens. */
interface Running {
  url: Promise<string>;
  output(): string;
  stop(): Promise<number>;
}

function startOm(home: string, args: string[]): Running {
  let text = '';
  let announce: (url: string) => void = () => undefined;
  const url = new Promise<string>((resolve) => {
    announce = resolve;
  });
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      const found = /on (https?:\/\/\S+)/.exec(text);
      if (found?.[1]) announce(found[1]);
      done();
    },
  });
  let stopWith: (signal: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => {
    stopWith = resolve;
  });
  let stderr = '';
  const exit = runOm(args, {
    stdin: Readable.from([]),
    stdout,
    stderr: new Writable({
      write(chunk: Buffer, _encoding, done) {
        stderr += chunk.toString('utf8');
        done();
      },
    }),
    env: { ...process.env, OMEGA_HOME: home, OMEGA_CONTEXT: '' },
    isTTY: { stdout: false, stderr: false },
    stopSignal: () => stopped,
  });
  exit.then((code) => announce(`exited ${code}: ${stderr}`));
  return {
    url,
    output: () => text,
    stop: async () => {
      stopWith('SIGTERM');
      return exit;
    },
  };
}

describe('om serve', () => {
  let site: CliSite;
  let om: Omega;
  before(async () => {
    site = cliSite('sqlite');
    om = await setup({ home: site.home, context: site.contextName });
    await prepareModels(om);
  });
  after(async () => {
    await om.close();
    await site.cleanup();
  });

  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost']) assert.ok(isLoopback(host), host);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', 'example.com', '128.0.0.1']) assert.ok(!isLoopback(host), host);
  });

  it('refuses --no-auth off loopback, half a TLS pair and bad numbers, before opening anything', async () => {
    const open = await omInProcess(site.home, ['serve', '--host', '0.0.0.0', '--no-auth']);
    assert.equal(open.status, 1);
    assert.match(open.stderr, /refusing to serve 0\.0\.0\.0 without auth/);
    const half = await omInProcess(site.home, ['serve', '--tls-cert', 'x.pem']);
    assert.match(half.stderr, /both --tls-cert and --tls-key/);
    const port = await omInProcess(site.home, ['serve', '--port', 'abc']);
    assert.match(port.stderr, /--port must be a whole number/);
    const context = await omInProcess(site.home, ['serve', '--context', 'nope', '--port', '0']);
    assert.equal(context.status, 1);
    assert.match(context.stderr, /nope/);
  });

  it('serves on loopback until stopped; an omega|ml-style client pings, predicts and polls', async () => {
    const server = startOm(site.home, ['serve', '--context', site.contextName, '--port', '0', '--no-auth']);
    const base = await server.url;
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/, server.output());
    // Shaped like omega|ml's OmegaRestApiAuth: ApiKey user:key, Qualifier, Bucket (auth is off here).
    const headers = {
      authorization: 'ApiKey jdoe:0123456789',
      qualifier: site.contextName,
      'content-type': 'application/json',
    };
    const ping = await fetch(`${base}/api/v1/ping`, { headers });
    assert.equal(ping.status, 200);
    assert.equal(((await ping.json()) as { context: string }).context, site.contextName);
    const body = JSON.stringify({ columns: ['sl', 'sw', 'pl', 'pw'], data: [{ sl: 1, sw: 2, pl: 3, pw: 4 }] });
    const predict = await fetch(`${base}/api/v1/model/tree/predict`, { method: 'PUT', headers, body });
    assert.equal(predict.status, 200);
    const sync = (await predict.json()) as { model: string; result: unknown[] };
    assert.equal(sync.model, 'tree');
    assert.equal(sync.result.length, 1);
    const accepted = await fetch(`${base}/api/v1/model/tree/predict`, {
      method: 'PUT',
      headers: { ...headers, async: 'true' },
      body: JSON.stringify({ data: [iris.X[0]] }),
    });
    assert.equal(accepted.status, 202);
    const location = accepted.headers.get('location') as string;
    let polled: Response;
    do polled = await fetch(`${base}${location}`, { headers });
    while (polled.status === 202);
    assert.equal(polled.status, 200);
    assert.deepEqual(((await polled.json()) as { response: { result: unknown } }).response.result, [iris.species[0]]);
    const problem = await fetch(`${base}/api/v1/model/tree/predict`, { method: 'PUT', headers, body: '{"data":' });
    assert.equal(problem.status, 400);
    assert.match(String(problem.headers.get('content-type')), /application\/problem\+json/);
    assert.equal(await server.stop(), 0);
    assert.match(server.output(), /SIGTERM: stopping\nserver stopped\n$/);
    await assert.rejects(fetch(`${base}/healthz`));
  });

  it('asks for a key by default, and serves HTTPS with --tls-cert and --tls-key', async () => {
    const cert = join(site.home, 'cert.pem');
    const key = join(site.home, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=localhost',
        '-days',
        '1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    const server = startOm(site.home, ['serve', '--port', '0', '--tls-cert', cert, '--tls-key', key]);
    const base = await server.url;
    assert.match(base, /^https:\/\/127\.0\.0\.1:\d+$/, server.output());
    assert.match(server.output(), /auth on/);
    const get = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpsRequest(
          `${base}${path}`,
          { ca: [readFileSync(cert)], checkServerIdentity: () => undefined },
          (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => {
              body += chunk.toString('utf8');
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end();
      });
    assert.equal((await get('/healthz')).status, 200);
    const ping = await get('/api/v1/ping');
    assert.equal(ping.status, 401, ping.body);
    assert.equal(JSON.parse(ping.body).code, 'OMEGA_UNAUTHORIZED');
    assert.equal(await server.stop(), 0);
  });
});
