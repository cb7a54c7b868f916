// A file too large for one Buffer is refused before any byte is read (issue 12, item 8).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileBackend, MAX_BUFFER_BYTES } from '../../src/backends/file.js';
import { ValidationError } from '../../src/index.js';
import type { StoreScope } from '../../src/store/backend.js';
import type { Metadata } from '../../src/store/metadata.js';

/** The metadata of a stored file of `size` bytes; its blob is never read. */
function fileMeta(size: number): Metadata {
  return { prefix: 'data/', name: 'huge', kindMeta: { sha256: 'a'.repeat(64), size } } as unknown as Metadata;
}

/** A scope whose blob store fails the test when read: the size check must come first. */
const unread = {
  engine: { blobs: { read: () => assert.fail('read a huge file'), stream: () => 'a stream' } },
} as unknown as StoreScope;

describe('file get size limit', () => {
  it('a file over 2 GiB is a ValidationError saying to use { as: "stream" }; a stream is still given', async () => {
    await assert.rejects(
      async () => fileBackend.get(unread, { meta: fileMeta(2 ** 31), options: {} }),
      (error: unknown) =>
        error instanceof ValidationError && /data\/huge is 2147483648 bytes.*as: 'stream'/.test(error.message),
    );
    assert.equal(await fileBackend.get(unread, { meta: fileMeta(2 ** 31), options: { as: 'stream' } }), 'a stream');
    assert.equal(MAX_BUFFER_BYTES, 2 ** 31 - 1);
  });
});
