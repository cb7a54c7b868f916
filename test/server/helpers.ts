import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { Omega } from '../../src/omega.js';
import { createServer, type ServerOptions } from '../../src/server/create-server.js';
import type { Problem } from '../../src/server/problem.js';
import type { OmegaServer } from '../../src/server/server-types.js';
import { setup } from '../../src/setup.js';
import { type EngineName, type TestSite, testSite } from '../helpers/engines.js';

/** A server on a fresh context of one engine; `app`, `om` and `site` are set once `before` ran. */
export interface ServerSuite {
  app: OmegaServer;
  /** The served context (default bucket). */
  om: Omega;
  site: TestSite;
}

/**
 * Before the suite's tests: a fresh context on `engine` (named `name`), `prepare` run on it, and a
 * server on it (auth off unless `server` says otherwise); after them: both closed and removed.
 * Call inside `describe`; talk to the server with `suite.app.inject(...)`.
 */
export function serverSuite(
  engine: EngineName,
  options: { name?: string; prepare?: (om: Omega) => Promise<void>; server?: Omit<ServerOptions, 'contexts'> } = {},
): ServerSuite {
  const suite = {} as ServerSuite;
  before(async () => {
    suite.site = testSite(engine);
    suite.om = await setup(suite.site.context(options.name ?? 'test'));
    await options.prepare?.(suite.om);
    suite.app = await createServer({ auth: false, ...options.server, contexts: [suite.om] });
  });
  after(async () => {
    await suite.app?.close();
    await suite.om?.close();
    await suite.site?.cleanup();
  });
  return suite;
}

/** Asserts that `response` is a problem+json of `status` and returns the problem. */
export function expectProblem(response: LightMyRequestResponse, status: number): Problem {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const problem = response.json() as Problem;
  assert.equal(problem.status, status);
  assert.equal(typeof problem.detail, 'string');
  assert.equal(typeof problem.code, 'string');
  return problem;
}

/** Polls an async task's Location until it answers something else than 202. */
export async function pollTask(app: OmegaServer, location: string, headers = {}): Promise<LightMyRequestResponse> {
  for (;;) {
    const response = await app.inject({ method: 'GET', url: location, headers });
    if (response.statusCode !== 202) return response;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
