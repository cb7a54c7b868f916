import { NotFoundError } from '../errors.js';
import type { Metadata } from '../store/metadata.js';
import { parseName } from '../store/names.js';
import { recordStep } from './ledger.js';
import { address, type PromotionEnd } from './promote.js';
import type { PromotionRecord } from './types.js';

export interface RollbackOptions {
  /** The version (or tag, or `^`) to make the latest again; default: the version before the latest. */
  to?: string;
  message?: string;
}

export interface RollbackResult {
  metadata: Metadata;
  record: PromotionRecord;
}

/**
 * Makes an earlier version the latest again, as a new revision (history is never rewritten),
 * and records it in the ledger, in one transaction.
 */
export async function rollback(
  end: PromotionEnd,
  name: string,
  options: RollbackOptions = {},
): Promise<RollbackResult> {
  const base = parseName(name, { projection: false, version: true }).name;
  const label = `${end.scope.prefix}${base} (bucket ${end.scope.bucket})`;
  const latest = await end.store.metadata(base);
  if (!latest) throw new NotFoundError(`${label} does not exist in context ${end.scope.context}`);
  const selector =
    options.to === undefined
      ? await previousVersion(end, base, latest, label)
      : options.to.startsWith('^')
        ? options.to
        : `@${options.to}`;
  const chosen = await end.store.metadata(`${base}${selector}`);
  if (!chosen) throw new NotFoundError(`${label} has no version ${JSON.stringify(options.to)}`);
  let record: PromotionRecord | undefined;
  const metadata = await end.writer.write(base, {
    kind: chosen.kind,
    content: async () => ({ ...chosen.kindMeta }),
    attributes: {},
    mergeAttributes: 'always',
    after: recordStep(
      { action: 'rollback', target: address(end.scope, base), conditions: [], message: options.message },
      (written) => {
        record = written;
      },
    ),
  });
  return { metadata, record: record as PromotionRecord };
}

/** `@<version>` of the newest revision whose version differs from the latest's. */
async function previousVersion(end: PromotionEnd, base: string, latest: Metadata, label: string): Promise<string> {
  const revisions = await end.store.revisions(base);
  const current = latest.kindMeta.version;
  const earlier = revisions.findLast((r) => r.version !== current);
  if (!earlier) throw new NotFoundError(`${label} has no earlier version to roll back to`);
  return `@${earlier.version}`;
}
