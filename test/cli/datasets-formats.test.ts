import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ENGINES } from '../helpers/engines.js';
import { cliSuite, errorLines, omInProcess } from './om-cli.js';

const SALES_CSV = 'region,units\nnorth,3\nsouth,5\n';

for (const engine of ENGINES) {
  describe(`om datasets put/get: delimiters, gzip, stdin, json as CSV (${engine})`, () => {
    const t = cliSuite(engine);
    const file = (name: string, content: string | Buffer) => {
      const path = join(t.files, name);
      writeFileSync(path, content);
      return path;
    };
    const csvOf = async (name: string) => (await t.site.omc(['datasets', 'get', name, '-'])).out;

    it('reads .tsv, --delimiter and gzip-compressed .csv.gz, .tsv.gz and .jsonl.gz as tables', async () => {
      const inputs: [string, string | Buffer, string[]][] = [
        ['sales.tsv', 'region\tunits\nnorth\t3\nsouth\t5\n', []],
        ['sales.semi', 'region;units\nnorth;3\nsouth;5\n', ['--format', 'csv', '--delimiter', ';']],
        ['sales.txt', 'region|units\nnorth|3\nsouth|5\n', ['--format', 'csv', '--delimiter', '|']],
        ['sales.csv.gz', gzipSync(SALES_CSV), []],
        ['sales.tsv.gz', gzipSync('region\tunits\nnorth\t3\nsouth\t5\n'), []],
        ['sales.jsonl.gz', gzipSync('{"region":"north","units":3}\n{"region":"south","units":5}\n'), []],
        ['tabs.csv', 'region\tunits\nnorth\t3\nsouth\t5\n', ['--delimiter', '\\t']],
      ];
      for (const [name, content, flags] of inputs) {
        const dataset = name.replace(/\W/g, '_');
        const put = await t.site.omc(['datasets', 'put', file(name, content), dataset, ...flags]);
        assert.equal(put.status, 0, `${name}: ${put.stderr}`);
        assert.match(put.out, /as table, 2 rows/, name);
        assert.equal(await csvOf(dataset), SALES_CSV, name);
      }
    });

    it('refuses a broken gzip file and a delimiter that does not apply, in the words of the CLI', async () => {
      const broken = await t.site.omc(['datasets', 'put', file('broken.csv.gz', 'not gzip at all'), 'broken']);
      assert.equal(broken.status, 1);
      assert.match(errorLines(broken)[0] ?? '', /broken\.csv\.gz is not valid gzip data/);
      const jsonl = await t.site.omc(['datasets', 'put', file('rows.jsonl', '{"a":1}\n'), 'rows', '--delimiter', ';']);
      assert.equal(jsonl.status, 1);
      assert.match(jsonl.stderr, /--delimiter applies to CSV input, not jsonl/);
      const wide = await t.site.omc(['datasets', 'put', file('w.csv', SALES_CSV), 'w', '--delimiter', ';;']);
      assert.match(wide.stderr, /--delimiter must be one character/);
      const format = await t.site.omc(['datasets', 'put', file('f.csv', SALES_CSV), 'f', '--format', 'xlsx']);
      assert.match(format.stderr, /--format must be one of csv, jsonl, parquet, got "xlsx"/);
    });

    it('reads a table from stdin with --format; without it stdin stays bytes, and --delimiter asks for it', async () => {
      const csv = await t.site.omc(['datasets', 'put', '-', 'piped_csv', '--format', 'csv'], SALES_CSV);
      assert.equal(csv.status, 0, csv.stderr);
      assert.equal(await csvOf('piped_csv'), SALES_CSV);
      const jsonl = await t.site.omc(
        ['datasets', 'put', '-', 'piped_jsonl', '--format', 'jsonl'],
        '{"region":"north","units":3}\n{"region":"south","units":5}\n',
      );
      assert.equal(jsonl.status, 0, jsonl.stderr);
      assert.equal(await csvOf('piped_jsonl'), SALES_CSV);
      const semi = await t.site.omc(
        ['datasets', 'put', '-', 'piped_semi', '--format', 'csv', '--delimiter', ';'],
        'region;units\nnorth;3\nsouth;5\n',
      );
      assert.equal(semi.status, 0, semi.stderr);
      assert.equal(await csvOf('piped_semi'), SALES_CSV);

      const bad = await t.site.omc(['datasets', 'put', '-', 'piped_bad', '--format', 'csv'], 'a,b\n1,2\n3\n4,5,6\n');
      assert.equal(bad.status, 1);
      assert.match(errorLines(bad)[0] ?? '', /^error: stdin: line 3: Invalid Record Length/);
      const noFormat = await t.site.omc(['datasets', 'put', '-', 'piped_x', '--delimiter', ';'], 'a;b\n1;2\n');
      assert.equal(noFormat.status, 1);
      assert.match(noFormat.stderr, /--delimiter reads stdin as CSV: give --format csv too/);
    });

    it('says a header-only CSV has no rows in the words of the CLI, from a file and from stdin', async () => {
      const fromFile = await t.site.omc(['datasets', 'put', file('sales-empty.csv', 'region,units\n'), 'empty']);
      assert.equal(fromFile.status, 1);
      assert.match(errorLines(fromFile)[0] ?? '', /sales-empty\.csv has a header but no rows: nothing to put$/);
      const fromStdin = await t.site.omc(['datasets', 'put', '-', 'empty', '--format', 'csv'], 'region,units\n');
      assert.deepEqual(errorLines(fromStdin), ['error: stdin has a header but no rows: nothing to put']);
      const jsonl = await t.site.omc(['datasets', 'put', file('none.jsonl', '\n'), 'empty']);
      assert.match(errorLines(jsonl)[0] ?? '', /none\.jsonl has no rows: nothing to put$/);
    });

    it('writes a json list of flat objects to .csv and .jsonl, and refuses other json with the reason', async () => {
      const flat = [
        { region: 'north', units: 3, note: 'a, "quoted" one' },
        { region: 'south', units: 5, open: true, note: null },
      ];
      assert.equal((await t.site.omc(['datasets', 'put', file('flat.json', JSON.stringify(flat)), 'flat'])).status, 0);
      const csvPath = join(t.files, 'flat.csv');
      const get = await t.site.omc(['datasets', 'get', 'flat', csvPath]);
      assert.equal(get.status, 0, get.stderr);
      assert.equal(
        readFileSync(csvPath, 'utf8'),
        'region,units,note,open\nnorth,3,"a, ""quoted"" one",\nsouth,5,,true\n',
      );
      const jsonlPath = join(t.files, 'flat.jsonl');
      assert.equal((await t.site.omc(['datasets', 'get', 'flat', jsonlPath])).status, 0);
      assert.deepEqual(
        readFileSync(jsonlPath, 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
        flat,
      );

      const refused: [string, unknown, RegExp][] = [
        ['config', { threshold: 0.7 }, /it holds an object, not a list of flat objects/],
        ['nested', [{ tags: ['a'] }], /item 1: "tags" holds an array, not a scalar/],
        ['mixed', [{ a: 1 }, 2], /item 2 is a number, not an object/],
      ];
      for (const [name, value, reason] of refused) {
        await t.site.omc(['datasets', 'put', file(`${name}.json`, JSON.stringify(value)), name]);
        const out = join(t.files, `${name}.csv`);
        const result = await t.site.omc(['datasets', 'get', name, out]);
        assert.equal(result.status, 1, name);
        assert.match(result.stderr, new RegExp(`data/${name} is a json dataset and cannot be written to .*as csv`));
        assert.match(result.stderr, reason);
        assert.throws(() => statSync(out), { code: 'ENOENT' });
      }
    });

    it('says --as when a dataset would be promoted onto itself', async () => {
      const self = await t.site.omc(['datasets', 'promote', 'sales_tsv', '--as', 'sales_tsv']);
      assert.equal(self.status, 1);
      assert.deepEqual(errorLines(self), [
        'error: cannot promote sales_tsv onto itself (same context, bucket and name): give --as another name, --to-bucket or --to-context',
      ]);
    });

    it('shows progress on a TTY: bytes of the file with a percent, rows of the promoted table', async () => {
      const rows = Array.from({ length: 3000 }, (_, i) => `r${i},${i}`).join('\n');
      const input = file('progress.csv', `name,n\n${rows}\n`);
      const size = statSync(input).size;
      const put = await omInProcess(t.site.home, ['datasets', 'put', input, 'progress'], undefined, true);
      assert.equal(put.status, 0, put.stderr);
      const lines = put.stderr.split('\n');
      const last = lines.at(-2)?.split('\r').at(-1);
      assert.equal(last, `progress: read ${(size / 1000).toFixed(1)} kB/${(size / 1000).toFixed(1)} kB (100%)\x1b[K`);
      // Each update rewrites the line: \r, the text, then ESC [K clearing the rest of it.
      const updates = put.stderr.split('\x1b[K');
      assert.ok(updates.length >= 2);
      for (const update of updates.slice(0, -1))
        assert.match(update, /^\rprogress: read [\d.]+ k?B\/[\d.]+ kB \(\d+%\)$/);

      const promote = await omInProcess(
        t.site.home,
        ['datasets', 'promote', 'progress', '--to-bucket', 'prod'],
        undefined,
        true,
      );
      assert.equal(promote.status, 0, promote.stderr);
      assert.equal(promote.stderr.split('\r').at(-1), 'progress: rows promoted 3,000/3,000 (100%)\x1b[K\n');
    });
  });
}
