// A damaged or lying archive is refused before anything is written (API.md §14): the error is
// typed and names the problem, and the target context is left without a trace of the import.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { readTgz } from '../../src/archive/tgz-reader.js';
import { TgzWriter } from '../../src/archive/tgz-writer.js';
import { IntegrityError, type Omega, ValidationError } from '../../src/index.js';
import { ENGINES } from '../helpers/engines.js';
import { linearModel } from '../models/onnx/onnx-builder.js';
import { rawStore } from '../storage/raw.js';
import { archivePair } from './archive-context.js';

type Entries = Map<string, Buffer>;
type Manifest = { version: number; members: Record<string, unknown>[] } & Record<string, unknown>;

async function unpack(file: string): Promise<Entries> {
  const entries: Entries = new Map();
  await readTgz(file, async (entry) => {
    const chunks: Buffer[] = [];
    for await (const chunk of entry.content) chunks.push(chunk);
    entries.set(entry.path, Buffer.concat(chunks));
  });
  return entries;
}

async function pack(file: string, entries: Entries): Promise<string> {
  const writer = TgzWriter.open(file);
  for (const [path, bytes] of entries) await writer.add(path, bytes.length, [bytes]);
  await writer.commit();
  return file;
}

function manifestOf(entries: Entries): Manifest {
  return JSON.parse((entries.get('manifest.json') as Buffer).toString('utf8')) as Manifest;
}

function withManifest(entries: Entries, change: (manifest: Manifest) => void): Entries {
  const manifest = manifestOf(entries);
  change(manifest);
  return new Map([...entries, ['manifest.json', Buffer.from(JSON.stringify(manifest))]]);
}

/** A member's first version, to lie about. */
function firstVersion(manifest: Manifest, name: string): Record<string, unknown> {
  const member = manifest.members.find((m) => `${m.prefix}${m.name}` === name) as {
    versions: Record<string, unknown>[];
  };
  return member.versions[0] as Record<string, unknown>;
}

async function nothingWritten(om: Omega): Promise<void> {
  for (const store of [om.datasets, om.models, om.scripts, om.jobs]) {
    assert.deepEqual(await store.list(undefined, { hidden: true, includeTemp: true }), []);
  }
}

for (const engine of ENGINES) {
  describe(`a corrupted archive writes nothing (into ${engine})`, () => {
    const t = archivePair('sqlite', engine);
    let good: string;
    let entries: Entries;

    const refused = async (file: string, type: typeof IntegrityError | typeof ValidationError, message: RegExp) => {
      await assert.rejects(t.prod.fromArchive(file), (error: unknown) => {
        assert.ok(error instanceof type, `${String(error)}`);
        assert.match((error as Error).message, message);
        return true;
      });
      await nothingWritten(t.prod);
    };

    it('exports a good archive to damage', async () => {
      await t.dev.datasets.put(
        [
          { a: 1, b: 'x' },
          { a: 2, b: 'y' },
        ],
        'sales',
      );
      await t.dev.datasets.put(Buffer.from('some bytes'), 'notes');
      await t.dev.models.put(Buffer.from(linearModel()), 'm', { kind: 'onnx' });
      good = t.file('good.omega.tgz');
      await t.dev.toArchive(['datasets/*', 'models/m'], good);
      entries = await unpack(good);
    });

    it('refuses a flipped byte', async () => {
      const bytes = readFileSync(good);
      const at = Math.floor(bytes.length / 2);
      bytes[at] = (bytes[at] as number) ^ 0xff;
      writeFileSync(t.file('flipped.tgz'), bytes);
      await refused(t.file('flipped.tgz'), IntegrityError, /flipped\.tgz is damaged: .+/);
    });

    it('refuses a truncated archive', async () => {
      const bytes = readFileSync(good);
      writeFileSync(t.file('truncated.tgz'), bytes.subarray(0, Math.floor(bytes.length * 0.8)));
      await refused(
        t.file('truncated.tgz'),
        IntegrityError,
        /truncated\.tgz is damaged: .*(unexpected end|Truncated)/i,
      );
    });

    it('refuses an entry whose bytes do not hash to its name', async () => {
      const blob = [...entries.keys()].find((path) => path.startsWith('blobs/')) as string;
      const wrong = new Map(entries).set(blob, Buffer.from('other bytes'));
      const file = await pack(t.file('wrong-hash.tgz'), wrong);
      await refused(file, IntegrityError, new RegExp(`entry ${blob} is corrupted: its bytes hash to [0-9a-f]{64}`));
    });

    it('refuses a manifest that lies about a size, a blob, the columns or the rows', async () => {
      const size = withManifest(entries, (m) => {
        firstVersion(m, 'models/m').size = 3;
      });
      await refused(
        await pack(t.file('size.tgz'), size),
        IntegrityError,
        /models\/m version \w+ lists 3 bytes but blobs\/\w+ has \d+/,
      );

      const other = createHash('sha256').update('other model').digest('hex');
      const blob = withManifest(entries, (m) => {
        const version = firstVersion(m, 'models/m');
        version.kindMeta = { ...(version.kindMeta as object), sha256: other };
      });
      await refused(await pack(t.file('blob.tgz'), blob), IntegrityError, /models\/m version names blob/);

      const columns = withManifest(entries, (m) => {
        const version = firstVersion(m, 'data/sales');
        const meta = version.kindMeta as { columns: { name: string; type: string }[] };
        meta.columns = meta.columns.map((c) => (c.name === 'a' ? { ...c, type: 'text' } : c));
      });
      await refused(
        await pack(t.file('columns.tgz'), columns),
        IntegrityError,
        /data\/sales lists columns \[a:text, b:text\] but its Parquet file holds \[a:integer, b:text\]/,
      );

      const rows = withManifest(entries, (m) => {
        const version = firstVersion(m, 'data/sales');
        version.kindMeta = { ...(version.kindMeta as object), rows: 3 };
      });
      await refused(
        await pack(t.file('rows.tgz'), rows),
        IntegrityError,
        /archived with 3 rows but its Parquet file holds 2/,
      );
    });

    it('refuses an entry no member lists, a missing manifest and a member listed twice', async () => {
      const extra = new Map(entries).set(`blobs/${'0'.repeat(64)}`, Buffer.alloc(0));
      await refused(
        await pack(t.file('extra.tgz'), extra),
        IntegrityError,
        /entry blobs\/0+ is corrupted|belongs to no member/,
      );

      const noManifest = new Map([...entries].filter(([path]) => path !== 'manifest.json'));
      await refused(
        await pack(t.file('no-manifest.tgz'), noManifest),
        IntegrityError,
        /the first entry is .+, not manifest\.json/,
      );

      const twice = withManifest(entries, (m) => {
        m.members.push(m.members[0] as Record<string, unknown>);
      });
      await refused(await pack(t.file('twice.tgz'), twice), IntegrityError, /lists data\/\w+ twice/);
    });

    it('refuses a newer manifest version by name, and what is no omegats archive', async () => {
      const newer = withManifest(entries, (m) => {
        m.version = 2;
      });
      await refused(
        await pack(t.file('newer.tgz'), newer),
        ValidationError,
        /manifest version 2, newer than this omegats reads \(1\)/,
      );
      writeFileSync(t.file('plain.txt'), 'hello');
      await refused(t.file('plain.txt'), IntegrityError, /plain\.txt is damaged/);
    });

    it('refuses to export a damaged blob, and leaves no archive behind', async () => {
      const damaged = await t.dev.datasets.put(Buffer.alloc(4096, 7), 'damaged');
      const sha256 = String(damaged.kindMeta.sha256);
      const dev = rawStore(t.devSite.home, t.devSite.store);
      await dev.flipByte(sha256, 100);
      const file = t.file('damaged.omega.tgz');
      await assert.rejects(t.dev.toArchive(['datasets/damaged'], file), (error: unknown) => {
        assert.ok(error instanceof IntegrityError);
        assert.match(error.message, /data\/damaged \(bucket default\) cannot be exported: blob \w+ is corrupted/);
        return true;
      });
      assert.deepEqual(
        readdirSync(dirname(file)).filter((name) => name.includes('damaged') || name.startsWith('.omega-export')),
        [],
      );
      await t.dev.datasets.drop('damaged');
    });

    it('imports the good archive all the same', async () => {
      const result = await t.prod.fromArchive(good);
      assert.deepEqual(result.members, ['data/notes', 'data/sales', 'models/m']);
    });
  });
}
