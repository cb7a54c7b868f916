import { AuthError, NotFoundError } from '../errors.js';
import { currentUser } from '../promotion/ledger.js';
import { AuditRepository } from '../storage/audit-repository.js';
import type { Engine } from '../storage/engine.js';
import { KeyRepository } from '../storage/key-repository.js';
import type { KeyTable } from '../storage/schema.js';
import { formatKey, newKeyParts, parseKey, secretHash, secretMatches } from './api-key.js';
import { type AuditRecord, auditRow } from './audit-log.js';
import type { KeyGrant } from './grant.js';
import { type KeySpec, validateKeySpec } from './key-spec.js';
import type { Role } from './roles.js';

/** A key as `list()` shows it: never its secret or hash. */
export interface KeyInfo {
  id: string;
  name: string;
  buckets: string[];
  roles: Role[];
  created: Date;
  expires: Date | null;
  revoked: Date | null;
}

/** A new key: `key` is shown this once and stored only as a hash. */
export interface CreatedKey extends Omit<KeyInfo, 'revoked'> {
  key: string;
}

/**
 * The API keys of one context (API.md §11), kept in its database: a context is an account. A key
 * works in this context only; creating and revoking one is written to the audit log.
 */
export class KeyStore {
  private readonly repository: KeyRepository;
  private readonly audit: AuditRepository;

  constructor(
    private readonly engine: Engine,
    /** The context's name, for messages. */
    readonly context: string,
  ) {
    this.repository = new KeyRepository(engine);
    this.audit = new AuditRepository(engine);
  }

  /** Creates a key with `spec`'s roles on its buckets; the returned `key` is the only copy of its secret. */
  async create(spec: KeySpec): Promise<CreatedKey> {
    const now = new Date();
    const valid = validateKeySpec(spec, now);
    const parts = newKeyParts();
    const row: KeyTable = {
      id: parts.id,
      name: valid.name ?? `key-${parts.id}`,
      secret_sha256: secretHash(parts.secret),
      buckets: JSON.stringify(valid.buckets),
      roles: JSON.stringify(valid.roles),
      created: now.toISOString(),
      expires: valid.expires?.toISOString() ?? null,
      revoked: null,
    };
    await this.engine.write(async (trx) => {
      await this.repository.insert(trx, row);
      await this.audit.append(trx, auditRow(localChange('keys.create', row, now)));
    });
    const { revoked: _, ...info } = infoOf(row);
    return { key: formatKey(parts), ...info };
  }

  /** Every key of the context, oldest first, revoked and expired ones included. */
  async list(): Promise<KeyInfo[]> {
    return (await this.repository.list()).map(infoOf);
  }

  /** Revokes a key: it is refused from the next request on. Revoking a revoked key keeps its first revocation. */
  async revoke(id: string): Promise<KeyInfo> {
    const now = new Date();
    const row = await this.engine.write(async (trx) => {
      const found = await this.repository.read(trx, id);
      if (found === undefined) {
        throw new NotFoundError(
          `no key ${JSON.stringify(id)} in context ${this.context} (om keys list shows its keys)`,
        );
      }
      await this.repository.revoke(trx, id, now.toISOString());
      await this.audit.append(trx, auditRow(localChange('keys.revoke', found, now)));
      return (await this.repository.read(trx, id)) as KeyTable;
    });
    return infoOf(row);
  }

  /**
   * The grant of the key `presented`, with one lookup by its id; an AuthError 401 when it is
   * malformed, unknown here (a key of another context is), revoked or expired.
   */
  async authenticate(presented: string): Promise<KeyGrant> {
    const parts = parseKey(presented);
    if (parts === undefined)
      throw new AuthError('malformed API key: expected omk_<id>_<secret> as om keys create prints it');
    const row = await this.repository.get(parts.id);
    if (row === undefined || !secretMatches(parts.secret, row.secret_sha256)) {
      throw new AuthError(`unknown API key: not a key of context ${this.context}`);
    }
    if (row.revoked !== null) throw new AuthError(`API key ${row.name} (${row.id}) was revoked at ${row.revoked}`);
    if (row.expires !== null && Date.parse(row.expires) <= Date.now()) {
      throw new AuthError(`API key ${row.name} (${row.id}) expired at ${row.expires}`);
    }
    return grantOf(row);
  }
}

function infoOf(row: KeyTable): KeyInfo {
  return {
    id: row.id,
    name: row.name,
    buckets: JSON.parse(row.buckets) as string[],
    roles: JSON.parse(row.roles) as Role[],
    created: new Date(row.created),
    expires: row.expires === null ? null : new Date(row.expires),
    revoked: row.revoked === null ? null : new Date(row.revoked),
  };
}

/** The audit record of a key change made in-process, by the user running it. */
function localChange(route: string, row: KeyTable, at: Date): AuditRecord {
  const { name, buckets, roles } = infoOf(row);
  const detail = `key ${name}: roles ${roles.join(',')} on buckets ${buckets.join(',')}`;
  return { at, keyId: null, keyName: currentUser(), method: 'LOCAL', route, object: row.id, status: 200, detail };
}

/** Grants by their row: an engine that caches rows gives the same object while the key is unchanged. */
const grants = new WeakMap<KeyTable, KeyGrant>();

function grantOf(row: KeyTable): KeyGrant {
  let grant = grants.get(row);
  if (grant === undefined) {
    grant = { id: row.id, name: row.name, buckets: JSON.parse(row.buckets), roles: JSON.parse(row.roles) };
    grants.set(row, grant);
  }
  return grant as KeyGrant;
}
