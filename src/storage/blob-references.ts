import type { Db } from './engine.js';

/**
 * The sha256 of every blob that an object version names (`kind_meta.sha256`): the latest version
 * of every object in every bucket, and every stored revision of models and scripts.
 */
export async function referencedBlobs(db: Db): Promise<Set<string>> {
  const referenced = new Set<string>();
  const add = (rows: { kind_meta: string }[]) => {
    for (const row of rows) {
      const { sha256 } = JSON.parse(row.kind_meta) as { sha256?: unknown };
      if (typeof sha256 === 'string') referenced.add(sha256);
    }
  };
  add(await db.selectFrom('omega_metadata').select('kind_meta').execute());
  add(await db.selectFrom('omega_revision').select('kind_meta').execute());
  return referenced;
}
