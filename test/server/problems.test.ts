import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuthError, ConflictError, IntegrityError, OmegaError, UnavailableError } from '../../src/errors.js';
import type { Authorizer } from '../../src/server/auth/authorizer.js';
import { problemOf } from '../../src/server/problem.js';
import { prepareModels } from './fixtures.js';
import { expectProblem, serverSuite } from './helpers.js';

/** Fails the way it is told by the request's `fail` header; lets everything else through. */
const failingAuthorizer: Authorizer = {
  async authorize(request) {
    const fail = request.headers.fail;
    if (fail === 'crash') throw new Error('connect ECONNREFUSED postgres://omega:s3cret@db.internal:5432/prod');
    if (fail === 'down') throw new UnavailableError('cannot reach redis://:s3cret@broker.internal:6379/0');
    if (fail === 'forbidden') throw new AuthError('the key lacks role read on bucket default', 403);
    return null;
  },
};

describe('problems', () => {
  const suite = serverSuite('sqlite', {
    prepare: prepareModels,
    server: { auth: failingAuthorizer, bodyLimit: 4096, rateLimit: 1000 },
  });
  const ping = (headers = {}) => suite.app.inject({ method: 'GET', url: '/api/v1/ping', headers });
  const predict = (payload: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    suite.app.inject({ method: 'POST', url: '/api/v1/model/tree/predict', headers, payload });

  it('maps each typed error to its status and code', () => {
    assert.equal(problemOf(new ConflictError('busy')).status, 409);
    assert.equal(problemOf(new AuthError('no key')).code, 'OMEGA_UNAUTHORIZED');
    assert.equal(problemOf(new AuthError('no role', 403)).status, 403);
    const corrupt = problemOf(new IntegrityError('blob abc failed its check'));
    assert.deepEqual([corrupt.status, corrupt.code], [500, 'OMEGA_CORRUPT']);
    assert.doesNotMatch(corrupt.detail, /blob abc/);
    assert.equal(problemOf(new OmegaError('odd')).status, 500);
  });

  it('never shows a stack, a driver message, a URL or a password', async () => {
    const crash = expectProblem(await ping({ fail: 'crash' }), 500);
    assert.equal(crash.code, 'OMEGA_INTERNAL');
    assert.doesNotMatch(JSON.stringify(crash), /s3cret|postgres|ECONNREFUSED|at /);
    const down = expectProblem(await ping({ fail: 'down' }), 503);
    assert.doesNotMatch(down.detail, /s3cret|broker\.internal/);
    assert.match(down.detail, /cannot reach redis:\/\//);
    assert.equal(expectProblem(await ping({ fail: 'forbidden' }), 403).code, 'OMEGA_FORBIDDEN');
    assert.equal((await ping()).statusCode, 200, 'and goes on serving');
  });

  it('answers malformed JSON, wrong types, another media type and a huge body', async () => {
    expectProblem(await predict('{"data": [[1, 2'), 400);
    expectProblem(await predict('[1, 2]'), 400);
    expectProblem(await predict('{"data": [[1,2,3,4]], "columns": [1, 2]}'), 400);
    expectProblem(await predict('{"data": {"a": 1}}'), 400);
    expectProblem(await predict('data=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
    const huge = JSON.stringify({ data: Array.from({ length: 1000 }, () => [1, 2, 3, 4]) });
    assert.equal(expectProblem(await predict(huge), 413).code, 'OMEGA_TOO_LARGE');
    assert.equal((await predict('{"data": [[1,2,3,4]]}')).statusCode, 200, 'and goes on serving');
  });

  it('limits the rate per minute (429)', async () => {
    const { app } = suite;
    const responses = await Promise.all(Array.from({ length: 1010 }, () => app.inject('/api/v1/ping')));
    const limited = responses.find((response) => response.statusCode === 429);
    assert.ok(limited, 'past 1000 a minute, requests are refused');
    expectProblem(limited, 429);
    assert.equal((await app.inject('/healthz')).statusCode, 200, '/healthz is never limited');
  });
});
