import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ValidationError } from '../../src/errors.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';
import { scratchFolder } from './scratch.js';

/** Writes `files` (relative path → content) below `folder` and returns it. */
function folderWith(folder: string, files: Record<string, string | Buffer>): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(folder, path, '..'), { recursive: true });
    writeFileSync(join(folder, path), content);
  }
  return folder;
}

const RUN = 'export function run() { return 1; }\n';

/** Each bad input: how to make it, and what the message must say besides its path. */
const CASES: { what: string; make: (scratch: string) => string; says: RegExp }[] = [
  {
    what: 'a missing path',
    make: (s) => join(s, 'missing.js'),
    says: /cannot read script .*no such file or directory/,
  },
  {
    what: 'an unsupported extension',
    make: (s) => join(folderWith(join(s, 'py'), { 'job.py': 'print(1)\n' }), 'job.py'),
    says: /is not a \.js, \.mjs, \.ts or \.mts file/,
  },
  {
    what: 'a folder without package.json',
    make: (s) => folderWith(join(s, 'no-manifest'), { 'index.js': RUN }),
    says: /has no package\.json/,
  },
  {
    what: 'a malformed package.json',
    make: (s) => folderWith(join(s, 'bad-manifest'), { 'package.json': '{ "main": ', 'index.js': RUN }),
    says: /package\.json is not valid JSON/,
  },
  {
    what: 'a package.json main that is not a string',
    make: (s) => folderWith(join(s, 'bad-main'), { 'package.json': '{ "main": 1 }', 'index.js': RUN }),
    says: /package\.json main must be a string/,
  },
  {
    what: 'a missing main entry',
    make: (s) => folderWith(join(s, 'missing-main'), { 'package.json': '{ "main": "lib/run.js" }', 'index.js': RUN }),
    says: /entry package\.json main "lib\/run\.js" does not exist/,
  },
  {
    what: 'a main entry with another extension',
    make: (s) => folderWith(join(s, 'json-main'), { 'package.json': '{ "main": "data.json" }', 'data.json': '{}' }),
    says: /main "data\.json" is not a \.js, \.mjs, \.ts or \.mts file/,
  },
  {
    what: 'a main entry outside the folder',
    make: (s) => folderWith(join(s, 'outside-main'), { 'package.json': '{ "main": "../x.js" }' }),
    says: /main "\.\.\/x\.js" points outside the folder/,
  },
  {
    what: 'a folder without main or index',
    make: (s) => folderWith(join(s, 'no-index'), { 'package.json': '{}', 'run.js': RUN }),
    says: /has no entry: package\.json has no main and there is no index\.js, index\.mjs, index\.ts, index\.mts/,
  },
  {
    what: 'too many files',
    make: (s) =>
      folderWith(
        join(s, 'many'),
        Object.fromEntries([['package.json', '{}'], ...Array.from({ length: 1000 }, (_, i) => [`f${i}.js`, ''])]),
      ),
    says: /has more than 1000 files/,
  },
  {
    what: 'a folder too large',
    make: (s) =>
      folderWith(join(s, 'large'), { 'package.json': '{}', 'index.js': RUN, 'data.js': Buffer.alloc(21 << 20, 32) }),
    says: /holds more than 20971520 bytes/,
  },
  {
    what: 'a file too large',
    make: (s) => join(folderWith(join(s, 'large-file'), { 'big.js': Buffer.alloc(21 << 20, 32) }), 'big.js'),
    says: /is 22020096 bytes; at most 20971520 \(20 MiB\)/,
  },
  {
    what: 'a symlink in the folder',
    make: (s) => {
      const folder = folderWith(join(s, 'linked'), { 'package.json': '{}', 'index.js': RUN });
      symlinkSync('/etc/hostname', join(folder, 'host.js'));
      return folder;
    },
    says: /contains the symlink host\.js; symlinks are not supported/,
  },
];

for (const engine of ENGINES) {
  describe(`scripts store bad input (${engine})`, () => {
    const t = suiteContext(engine);
    const scratch = scratchFolder();

    for (const { what, make, says } of CASES) {
      it(`${what} is a ValidationError naming the path, and nothing is written`, async () => {
        const path = make(join(scratch.path, engine));
        await assert.rejects(t.om.scripts.put(path, 'bad'), (error: unknown) => {
          assert.ok(error instanceof ValidationError, String(error));
          assert.ok(error.message.includes(path), `${error.message} names ${path}`);
          assert.match(error.message, says);
          return true;
        });
        assert.equal(await t.om.scripts.exists('bad'), false);
      });
    }
  });
}
