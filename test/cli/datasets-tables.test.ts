import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ENGINES } from '../helpers/engines.js';
import { cliSuite, errorLines } from './om-cli.js';

const CSV = 'region,amount,units,when\nEU,12.5,3,2026-01-01T00:00:00+02:00\nUS,3,1,2026-01-02\n"Nord, ""Ost""",,7,\n';

for (const engine of ENGINES) {
  describe(`om datasets put/get of tables (${engine})`, () => {
    const t = cliSuite(engine);

    it('imports a CSV file as a typed table and appends a second import', async () => {
      const input = join(t.files, 'sales.csv');
      writeFileSync(input, CSV);
      const put = await t.site.omc(['--json', 'datasets', 'put', input, 'sales']);
      assert.equal(put.status, 0, put.stderr);
      const meta = JSON.parse(put.out);
      assert.equal(meta.kind, 'table');
      assert.deepEqual(
        meta.kindMeta.columns.map((c: { name: string; type: string }) => `${c.name}:${c.type}`),
        ['region:text', 'amount:float', 'units:integer', 'when:timestamp'],
      );
      const again = await t.site.omc(['datasets', 'put', input, 'sales']);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.out, /as table, 6 rows/);
    });

    it('exports CSV to stdout and JSON lines and Parquet to files; a Parquet file imports back', async () => {
      const csv = await t.site.omc(['datasets', 'get', 'sales', '-']);
      assert.equal(csv.status, 0, csv.stderr);
      const lines = csv.out.trimEnd().split('\n');
      assert.equal(lines[0], 'region,amount,units,when');
      assert.equal(lines[1], 'EU,12.5,3,2025-12-31T22:00:00.000Z');
      assert.equal(lines[3], '"Nord, ""Ost""",,7,');
      assert.equal(lines.length, 7);

      const jsonl = join(t.files, 'out.jsonl');
      assert.equal((await t.site.omc(['datasets', 'get', 'sales', jsonl])).status, 0);
      const first = JSON.parse(readFileSync(jsonl, 'utf8').split('\n')[0] as string);
      assert.deepEqual(first, { region: 'EU', amount: 12.5, units: 3, when: '2025-12-31T22:00:00.000Z' });

      const parquet = join(t.files, 'out.parquet');
      assert.equal((await t.site.omc(['datasets', 'get', 'sales', parquet])).status, 0);
      const back = await t.site.omc(['datasets', 'put', parquet, 'copy']);
      assert.equal(back.status, 0, back.stderr);
      const copy = await t.site.omc(['datasets', 'get', 'copy', '-', '--format', 'csv']);
      assert.equal(copy.out, csv.out);
    });

    it('a malformed CSV line is an error naming the line, and nothing is written', async () => {
      const input = join(t.files, 'bad.csv');
      writeFileSync(input, 'a,b\n1,2\n3,4,5\n6,7\n');
      const put = await t.site.omc(['datasets', 'put', input, 'bad']);
      assert.equal(put.status, 1);
      assert.match(errorLines(put)[0] ?? '', /^error: .*line 3/);
      assert.equal((await t.site.omc(['datasets', 'list'])).out.includes('bad'), false);

      const typed = join(t.files, 'typed.csv');
      writeFileSync(typed, 'region,amount,units,when\nEU,not a number,1,\n');
      const append = await t.site.omc(['datasets', 'put', typed, 'sales']);
      assert.equal(append.status, 1);
      assert.match(errorLines(append)[0] ?? '', /line 2.*amount/);
      assert.match((await t.site.omc(['datasets', 'get', 'sales', '-'])).out, /^(.*\n){7}$/);
    });

    it('refuses to export a table to a file of no table format, and writes nothing', async () => {
      const output = join(t.files, 'sales.txt');
      const get = await t.site.omc(['datasets', 'get', 'sales', output]);
      assert.equal(get.status, 1);
      assert.match(errorLines(get)[0] ?? '', /is a table: write it to a \.csv, \.jsonl or \.parquet file/);
      assert.equal(existsSync(output), false);
      assert.deepEqual(
        readdirSync(t.files).filter((f) => f.endsWith('.tmp')),
        [],
      );
    });
  });
}
