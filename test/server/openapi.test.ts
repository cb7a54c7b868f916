import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validate } from '@readme/openapi-parser';
import { serverSuite } from './helpers.js';

/** Every route of API.md §10 that this server has, as OpenAPI paths, with its methods. */
const ROUTES: Record<string, string[]> = {
  '/api/v1/ping': ['get'],
  '/api/v1/model/{*}': ['get', 'put', 'post'],
  '/api/v1/datasets': ['get'],
  '/api/v1/models': ['get'],
  '/api/v1/scripts': ['get'],
  '/api/v1/jobs': ['get'],
  '/api/v1/script/{*}': ['post'],
  '/api/v1/job/{*}': ['get', 'post'],
  '/api/v1/task/{id}/status': ['get'],
  '/api/v1/task/{id}/result': ['get'],
  '/api/v1/promote/{store}/{*}': ['post'],
  '/api/v1/promotions/{store}': ['get'],
  '/api/v1/promotions/{store}/{*}': ['get'],
  '/api/v1/dataset/{*}': ['get', 'put', 'delete'],
  '/v2/health/live': ['get'],
  '/v2/health/ready': ['get'],
  '/v2/models/{*}': ['get', 'post'],
};

describe('OpenAPI document', () => {
  const suite = serverSuite('sqlite');

  it('is a valid OpenAPI 3.1 document that lists every route', async () => {
    const response = await suite.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(response.statusCode, 200);
    const document = response.json();
    assert.equal(document.openapi, '3.1.0');
    const result = await validate(structuredClone(document));
    assert.ok(result.valid, result.valid ? '' : JSON.stringify(result.errors, null, 2));
    for (const [path, methods] of Object.entries(ROUTES)) {
      assert.ok(document.paths[path], `${path} is documented`);
      for (const method of methods) assert.ok(document.paths[path][method], `${method} ${path} is documented`);
    }
    assert.ok(document.components.schemas.Metadata, 'Metadata is a shared schema');
    const predict = document.paths['/api/v1/model/{*}'].post;
    assert.ok(predict.requestBody, 'the model action documents its body');
    assert.ok(predict.responses['202'], 'and its async answer');
  });

  it('serves Swagger UI at /api/docs', async () => {
    const page = await suite.app.inject({ method: 'GET', url: '/api/docs/' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /swagger/i);
  });
});
