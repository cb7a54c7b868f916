import type { StorePrefix, StoreScope, Transfer, TransferSource } from '../store/backend.js';
import type { BackendRegistry } from '../store/registry.js';
import { transferOf } from '../store/transfers.js';

/**
 * How the promoted version reaches the target, as its backend says (store/transfers.ts): inside
 * one database blobs are shared and tables copied in SQL; across databases blob bytes are staged
 * and table rows stream into the target transaction, so a failure or a kill at any point leaves
 * the target as it was.
 */
export function planTransfer(
  source: TransferSource,
  target: StoreScope,
  registry: BackendRegistry,
  onProgress?: (rows: number) => void,
): Transfer {
  const backend = registry.byKind(source.meta.kind, source.meta.prefix as StorePrefix);
  const sameDatabase = source.scope.engine.location === target.engine.location;
  return transferOf(backend, source, { target, sameDatabase, onProgress });
}
