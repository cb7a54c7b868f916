import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { RandomForestClassifier } from 'ml-random-forest';
import { setup } from '../../src/index.js';
import { cliSuite } from './om-cli.js';

const ISO = '\\d{4}-\\d\\d-\\d\\dT\\S+Z';

describe('om output: counts and list --raw', () => {
  const t = cliSuite('sqlite');

  before(async () => {
    const om = await setup({ home: t.site.home, context: t.site.contextName });
    await om.datasets.put([{ a: 1 }], 'one-row');
    await om.datasets.put([{ a: 1 }, { a: 2 }], 'two-rows');
    await om.datasets.put(Buffer.from('abc'), 'three-bytes');
    await om.models.put(new RandomForestClassifier({ nEstimators: 3 }), 'forest');
    await om.models.put(new RandomForestClassifier({ nEstimators: 4 }), 'forest');
    await om.models.put(new RandomForestClassifier({ nEstimators: 5 }), 'single');
    await om.close();
  });

  it('a put counts 1 row, 1 byte and 1 file in the singular', async () => {
    const csv = join(t.files, 'one.csv');
    writeFileSync(csv, 'a,b\n1,2\n');
    const table = await t.site.omc(['datasets', 'put', csv, 'csvone']);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.out, /as table, 1 row\n$/);
    const byte = join(t.files, 'byte.bin');
    writeFileSync(byte, 'x');
    assert.match((await t.site.omc(['datasets', 'put', byte, 'byte'])).out, /as file, 1 byte\n$/);
    const script = join(t.files, 'hello.mjs');
    writeFileSync(script, 'export function run() { return 1; }\n');
    const put = await t.site.omc(['scripts', 'put', script, 'hello']);
    assert.equal(put.status, 0, put.stderr);
    assert.match(put.out, /, 1 file, entry hello\.mjs,/);
  });

  it('list --raw has a header and a size column: rows of tables, bytes of blobs, versions of models', async () => {
    const datasets = await t.site.omc(['datasets', 'list', '--raw', '*-*']);
    assert.equal(datasets.status, 0, datasets.stderr);
    const lines = datasets.out.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^NAME\s+KIND\s+SIZE\s+MODIFIED$/);
    assert.match(lines[1] ?? '', new RegExp(`^one-row\\s+table\\s+1 row\\s+${ISO}$`));
    assert.match(lines[2] ?? '', new RegExp(`^three-bytes\\s+file\\s+3 bytes\\s+${ISO}$`));
    assert.match(lines[3] ?? '', new RegExp(`^two-rows\\s+table\\s+2 rows\\s+${ISO}$`));
    // Aligned: every column starts where the header's does.
    const at = (line: string, column: string) => line.indexOf(column);
    for (const line of lines.slice(1)) assert.equal(line.search(/\d{4}-\d\d-\d\dT/), at(lines[0] ?? '', 'MODIFIED'));

    const models = await t.site.omc(['models', 'list', '--raw']);
    assert.equal(models.status, 0, models.stderr);
    assert.match(models.out, new RegExp(`^forest\\s+\\S+\\s+2 versions\\s+${ISO}$`, 'm'));
    assert.match(models.out, new RegExp(`^single\\s+\\S+\\s+1 version\\s+${ISO}$`, 'm'));
  });

  it('list --raw --json prints the metadata, unchanged', async () => {
    const raw = await t.site.omc(['models', 'list', '--raw', '--json']);
    const metas = JSON.parse(raw.out) as { name: string; kindMeta: { version: string } }[];
    assert.deepEqual(
      metas.map((m) => m.name),
      ['forest', 'single'],
    );
    assert.match(metas[0]?.kindMeta.version ?? '', /^[0-9a-f]{64}$/);
  });
});
