import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

/** The sample scripts. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/scripts/', import.meta.url));

/** A temporary folder for the suite's own inputs, removed after it. Call inside `describe`. */
export function scratchFolder(): { path: string } {
  const scratch = { path: '' };
  before(() => {
    scratch.path = mkdtempSync(join(tmpdir(), 'omegats-scripts-test-'));
  });
  after(() => rmSync(scratch.path, { recursive: true, force: true }));
  return scratch;
}
