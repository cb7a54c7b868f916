import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ENGINES, suiteContext } from '../helpers/engines.js';

for (const engine of ENGINES) {
  describe(`datasets.importFile: delimiter, .tsv, gzip, bytes read, no rows (${engine})`, () => {
    const t = suiteContext(engine);
    const file = (name: string, content: string | Buffer) => {
      const path = join(t.site.home, name);
      writeFileSync(path, content);
      return path;
    };

    it('imports .tsv, a delimiter and gzip files, reporting the bytes read of the file', async () => {
      const tsv = await t.om.datasets.importFile(file('a.tsv', 'x\ty\n1\ta\n2\tb\n'), 'tsv');
      assert.equal(tsv.kindMeta.rows, 2);
      await t.om.datasets.importFile(file('b.txt', 'x;y\n3;c\n'), 'tsv', { format: 'csv', delimiter: ';' });
      const path = file('c.csv.gz', gzipSync('x,y\n4,d\n'));
      let bytes = 0;
      await t.om.datasets.importFile(path, 'tsv', { onBytesRead: (n) => (bytes += n) });
      assert.equal(bytes, statSync(path).size);
      assert.deepEqual(await t.om.datasets.get('tsv'), [
        { x: 1, y: 'a' },
        { x: 2, y: 'b' },
        { x: 3, y: 'c' },
        { x: 4, y: 'd' },
      ]);
      const jsonl = await t.om.datasets.importFile(file('d.bin', gzipSync('{"x":5}\n')), 'gz', {
        format: 'jsonl',
        gzip: true,
      });
      assert.equal(jsonl.kindMeta.rows, 1);
    });

    it('refuses a JSON line longer than maxLineBytes, naming file and line, and stores nothing', async () => {
      const path = file('wide.jsonl', `{"x":1}\n{"x":"${'y'.repeat(200)}"}\n`);
      await assert.rejects(t.om.datasets.importFile(path, 'wide', { maxLineBytes: 100 }), {
        name: 'ValidationError',
        message: `${path}: line 2 is longer than 100 bytes (the maxLineBytes option)`,
      });
      assert.equal(await t.om.datasets.exists('wide'), false);
    });

    it('says a file without rows has nothing to put, and stores nothing', async () => {
      const header = file('header.csv', 'x,y\n');
      await assert.rejects(t.om.datasets.importFile(header, 'empty'), {
        name: 'ValidationError',
        message: `${header} has a header but no rows: nothing to put`,
      });
      assert.equal(await t.om.datasets.exists('empty'), false);
    });
  });
}
