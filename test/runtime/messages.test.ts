import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../src/index.js';
import { encodeTaskMessage, parseTaskMessage, type TaskMessage } from '../../src/runtime/message.js';

const valid: TaskMessage = {
  v: 1,
  id: '5f0c3c57-6a3b-4c8e-9a51-0d2f8f7b1c2d',
  context: 'dev',
  bucket: 'default',
  label: 'gpu',
  submitted: '2026-11-26T08:00:00.000Z',
  task: 'model',
  model: 'iris@v2',
  action: 'predict',
  X: { dataset: 'iris[sl,sw]' },
  params: {},
};

function rejected(value: unknown, pattern: RegExp): void {
  assert.throws(
    () => parseTaskMessage(value),
    (error: unknown) => {
      assert.ok(error instanceof ValidationError, String(error));
      assert.match(error.message, pattern);
      return true;
    },
  );
}

describe('task messages', () => {
  it('a valid message survives encoding unchanged', () => {
    assert.deepEqual(parseTaskMessage(JSON.parse(encodeTaskMessage(valid))), valid);
    const ping = { ...valid, task: 'ping', payload: { fox: 'bar' } } as Record<string, unknown>;
    for (const key of ['model', 'action', 'X', 'params']) delete ping[key];
    assert.deepEqual(parseTaskMessage(ping), ping);
  });

  it('another message version is refused by name', () => {
    rejected({ ...valid, v: 2 }, /task message version 2 is not understood \(this omegats speaks version 1\)/);
    rejected({ ...valid, v: undefined }, /version undefined/);
  });

  it('malformed messages say which field is wrong', () => {
    rejected('not an object', /malformed task message/);
    rejected(null, /malformed task message/);
    rejected({ ...valid, task: 'shell' }, /malformed task message: task/);
    rejected({ ...valid, action: 'exec' }, /malformed task message: action/);
    rejected({ ...valid, id: 'x' }, /malformed task message: id/);
    rejected({ ...valid, context: '../prod' }, /malformed task message: context/);
    rejected({ ...valid, bucket: "b'; drop table x;--" }, /malformed task message: bucket/);
    rejected({ ...valid, label: '' }, /malformed task message: label/);
    rejected({ ...valid, model: '../../etc/passwd' }, /malformed task message: model/);
    rejected({ ...valid, X: { dataset: 'a/../b' } }, /malformed task message: X/);
    rejected({ ...valid, X: { inline: 'rows' } }, /malformed task message: X/);
    rejected({ ...valid, X: { url: 'http://x' } }, /malformed task message: X/);
    rejected({ ...valid, submitted: 'yesterday' }, /malformed task message: submitted/);
  });

  it('carries no URL and nothing executable: unknown fields are refused', () => {
    rejected({ ...valid, store: 'postgres://u:p@h/db' }, /malformed task message/);
    rejected({ ...valid, code: 'process.exit()' }, /malformed task message/);
  });
});
