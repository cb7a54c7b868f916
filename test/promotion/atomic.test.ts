// Promotion is atomic (API.md §7): readers see the old object or the new one, never a part; a
// failure anywhere leaves the target as it was; concurrent promotions to one name never interleave.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import {
  type Backend,
  IntegrityError,
  type Omega,
  registerBackend,
  type Store,
  type WriteTransaction,
} from '../../src/index.js';
import {
  breakLedger,
  type ContextPair,
  ENGINES,
  execRaw,
  PAIRS,
  pairName,
  pairSuite,
  raw,
  repairLedger,
  trainedTree,
  versionOf,
} from './pairs.js';

/** A user's kind written inside the store transaction, which can be told to fail half-way. */
class Note {
  constructor(readonly text: string) {}
}
let failNoteWrites = false;
const noteBackend: Backend = {
  kind: 'test.note',
  prefixes: ['data/'],
  supports: (obj) => obj instanceof Note,
  async write(tx: WriteTransaction, obj) {
    if (failNoteWrites) {
      // Something is written in the transaction first; then the backend fails.
      const now = new Date().toISOString();
      await tx.trx
        .insertInto('omega_metadata')
        .values({
          bucket: tx.scope.bucket,
          prefix: tx.scope.prefix,
          name: 'note-debris',
          kind: 'json',
          kind_meta: '{}',
          attributes: '{}',
          created: now,
          modified: now,
        })
        .execute();
      throw new Error('the note store is full');
    }
    return { text: (obj as Note).text };
  },
  async release() {},
  async get(_scope, { meta }) {
    return new Note(String(meta.kindMeta.text));
  },
};
registerBackend(noteBackend.kind, noteBackend);

const OLD = Array.from({ length: 1_000 }, (_, i) => ({ n: -i - 1, s: 'old' }));
const NEW = Array.from({ length: 100_000 }, (_, i) => ({ n: i, s: `new ${i}` }));

/** Reads once, starts `work`, keeps reading until it settles, reads once more; all the values read. */
async function readAround(read: () => Promise<number>, work: () => Promise<unknown>): Promise<number[]> {
  const seen = [await read()];
  let settled = false;
  const running = work().finally(() => {
    settled = true;
  });
  while (!settled) {
    seen.push(await read());
    await yieldToIo(); // a SQLite read never leaves the microtask queue: let the promotion's I/O run
  }
  await running;
  seen.push(await read());
  return seen;
}

/** What a failed promotion must leave as it was in the target store. */
async function snapshot(store: Store, name: string, ctx: ContextPair) {
  const meta = await store.metadata(name);
  return {
    meta,
    data: meta?.kind === 'table' || meta?.kind === 'test.note' ? await store.get(name) : null,
    revisions: meta && store.prefix === 'models/' ? await store.revisions(name) : null,
    ledger: await store.promotions(),
    tables: await raw(ctx.prodLocation).dataTables(),
    partial: await raw(ctx.prodLocation).partialBytes(),
  };
}

for (const pair of PAIRS) {
  describe(`atomic promotion (${pairName(pair)})`, () => {
    const t = pairSuite(pair);

    it('readers of the target table see the old rows or the new ones, never a part', async () => {
      const { dev, prod } = t.ctx;
      await dev.datasets.put(NEW, 'big');
      await prod.datasets.put(OLD, 'big');
      const reader = await t.ctx.open('prod');
      const counts = await readAround(
        () => reader.datasets.getl('big').count(),
        () => dev.datasets.promote('big', prod.datasets),
      );
      assert.deepEqual([...new Set(counts)].sort(), [NEW.length, OLD.length].sort(), `counts read: ${counts}`);
      assert.equal(counts[0], OLD.length);
      assert.equal(counts.at(-1), NEW.length);
      const first = counts.indexOf(NEW.length);
      assert.ok(
        counts.slice(first).every((c) => c === NEW.length),
        'once new, always new',
      );
    });

    it('a failure at the end of the transaction (the ledger insert) leaves table and model as they were', async () => {
      const { dev, prod, prodLocation } = t.ctx;
      await dev.datasets.put([{ n: 1 }, { n: 2 }], 'late');
      await prod.datasets.put([{ old: 'yes' }], 'late', { attributes: { prod: true } });
      await dev.models.put(trainedTree(60), 'late');
      await prod.models.put(trainedTree(30), 'late');
      const table = await snapshot(prod.datasets, 'late', t.ctx);
      const model = await snapshot(prod.models, 'late', t.ctx);
      await breakLedger(prodLocation);
      try {
        await assert.rejects(dev.datasets.promote('late', prod.datasets), /ledger is broken/);
        await assert.rejects(dev.models.promote('late', prod.models), /ledger is broken/);
        await assert.rejects(dev.models.promote('late', prod.models, { drop: true }), /ledger is broken/);
      } finally {
        await repairLedger(prodLocation);
      }
      assert.deepEqual(await snapshot(prod.datasets, 'late', t.ctx), table);
      assert.deepEqual(await snapshot(prod.models, 'late', t.ctx), model);
      await dev.datasets.promote('late', prod.datasets);
      assert.deepEqual(await prod.datasets.get('late'), [{ n: 1 }, { n: 2 }]);
    });

    it('a registered kind whose write fails half-way leaves the target as it was', async () => {
      const { dev, prod } = t.ctx;
      await dev.datasets.put(new Note('from dev'), 'note');
      await prod.datasets.put(new Note('prod note'), 'note', { attributes: { prod: true } });
      const before = await snapshot(prod.datasets, 'note', t.ctx);
      failNoteWrites = true;
      try {
        await assert.rejects(dev.datasets.promote('note', prod.datasets), /the note store is full/);
      } finally {
        failNoteWrites = false;
      }
      assert.deepEqual(await snapshot(prod.datasets, 'note', t.ctx), before);
      assert.equal(await prod.datasets.exists('note-debris'), false);
      await dev.datasets.promote('note', prod.datasets);
      assert.deepEqual(await prod.datasets.get('note'), new Note('from dev'));
    });

    it('a source table with damaged metadata fails the promotion; the target stays', async () => {
      const { dev, prod, devLocation } = t.ctx;
      await dev.datasets.put([{ n: 1 }], 'damaged');
      await prod.datasets.put([{ n: -1 }], 'damaged');
      const before = await snapshot(prod.datasets, 'damaged', t.ctx);
      const kindMeta = (await dev.datasets.metadata('damaged'))?.kindMeta;
      const damage = (table: string) =>
        execRaw(
          devLocation,
          "update omega_metadata set kind_meta = ? where bucket = 'default' and prefix = 'data/' and name = ?",
          [JSON.stringify({ ...kindMeta, table }), 'damaged'],
        );
      await damage(`omega_t_${'0'.repeat(24)}`); // well-formed, but no such table
      await assert.rejects(dev.datasets.promote('damaged', prod.datasets));
      await damage('sales; drop table omega_metadata'); // not one of ours: never reaches SQL
      await assert.rejects(dev.datasets.promote('damaged', prod.datasets), IntegrityError);
      assert.deepEqual(await snapshot(prod.datasets, 'damaged', t.ctx), before);
    });

    it('a source model whose bytes are damaged fails with IntegrityError; the target keeps its versions', async () => {
      const { dev, prod, devLocation } = t.ctx;
      const meta = await dev.models.put(trainedTree(45), 'bytes');
      await prod.models.put(trainedTree(30), 'bytes');
      const before = await snapshot(prod.models, 'bytes', t.ctx);
      await raw(devLocation).flipByte(versionOf(meta), 0);
      await assert.rejects(dev.models.promote('bytes', prod.models), IntegrityError);
      assert.deepEqual(await snapshot(prod.models, 'bytes', t.ctx), before);
    });

    it('concurrent promotions to one name all succeed, one after another', async () => {
      const { dev, prod } = t.ctx;
      const tags = ['v1', 'v2', 'v3', 'v4'];
      const expected: string[] = [];
      for (const [i, tag] of tags.entries()) {
        expected.push(versionOf(await dev.models.put(trainedTree(15 * (i + 1)), 'race', { tag })));
      }
      assert.equal(new Set(expected).size, tags.length, 'four distinct versions');
      const targets: Omega[] = [prod, await t.ctx.open('prod'), await t.ctx.open('prod'), await t.ctx.open('prod')];
      const results = await Promise.all(
        tags.map((tag, i) => dev.models.promote(`race@${tag}`, targets[i]?.models ?? prod.models)),
      );
      assert.equal(results.length, tags.length);

      const ledger = await prod.models.promotions('race');
      assert.equal(ledger.length, tags.length);
      assert.deepEqual(new Set(ledger.map((r) => r.id)), new Set(results.map((r) => r.record?.id)));
      ledger.forEach((record, i) => {
        assert.equal(record.previousVersion, i === 0 ? null : ledger[i - 1]?.version, `record ${i}`);
      });
      assert.deepEqual(new Set(ledger.map((r) => r.version)), new Set(expected));
      const revisions = (await prod.models.revisions('race')).map((r) => r.version);
      assert.deepEqual(
        revisions,
        ledger.map((r) => r.version),
      );
      assert.equal(versionOf(await prod.models.metadata('race')), ledger.at(-1)?.version);

      const sizes = [10, 20, 30];
      for (const size of sizes) await dev.datasets.put(OLD.slice(0, size), `part${size}`);
      await Promise.all(
        sizes.map((size, i) =>
          dev.datasets.promote(`part${size}`, (targets[i] ?? prod).datasets, { asName: 'merged' }),
        ),
      );
      const tableLedger = await prod.datasets.promotions('merged');
      assert.equal(tableLedger.length, sizes.length);
      const last = tableLedger.at(-1)?.source?.name;
      assert.equal(await prod.datasets.getl('merged').count(), Number(last?.slice('part'.length)));
      const tables = await prod.datasets.list(undefined, { kind: 'table' });
      assert.equal((await raw(t.ctx.prodLocation).dataTables()).length, tables.length, 'no stray omega_t_ table');
    });
  });
}

for (const engine of ENGINES) {
  describe(`atomic promotion inside one context (${engine})`, () => {
    const t = pairSuite({ source: engine, target: engine });

    it('readers of a bucket see the old rows or the new ones while a table is copied in SQL', async () => {
      const { dev } = t.ctx;
      await dev.datasets.put(NEW, 'big');
      await dev.bucket('live').datasets.put(OLD, 'big');
      const reader = (await t.ctx.open('dev')).bucket('live');
      const counts = await readAround(
        () => reader.datasets.getl('big').count(),
        () => dev.datasets.promote('big', dev.bucket('live').datasets),
      );
      assert.deepEqual([...new Set(counts)].sort(), [NEW.length, OLD.length].sort(), `counts read: ${counts}`);
      assert.equal(counts.at(-1), NEW.length);
    });
  });
}
