import { defaultBackends } from './backends/builtin.js';
import type { ContextSpec } from './config/context-spec.js';
import type { ContextOpener } from './lineage/types.js';
import { type ConditionRegistry, defaultConditions } from './promotion/conditions.js';
import { ContextRuntime } from './runtime/context-runtime.js';
import { MessageSigner } from './runtime/message-signer.js';
import type { RuntimeScope } from './runtime/runtime-scope.js';
import type { Engine } from './storage/engine.js';
import { SecretRepository } from './storage/secret-repository.js';
import type { BackendRegistry } from './store/registry.js';

/** One opened context: what `setup()` gives the handle it returns. */
export interface OpenContext {
  readonly spec: ContextSpec;
  readonly engine: Engine;
  /** The context's backends; a copy of the defaults when absent. */
  readonly backends?: BackendRegistry;
  /** The context's promotion conditions; a copy of the defaults when absent. */
  readonly conditions?: ConditionRegistry;
  /** Opens another context of the same config (lineage follows promotions there); none when absent. */
  readonly contexts?: ContextOpener;
}

/**
 * What every bucket handle of one open context shares: its engine, registries and executors.
 * Only the handle that opened it (the one `setup()` returned) closes it, once.
 */
export class SharedContext implements OpenContext {
  readonly spec: ContextSpec;
  readonly engine: Engine;
  readonly backends: BackendRegistry;
  readonly conditions: ConditionRegistry;
  readonly runtime: ContextRuntime;
  readonly contexts: ContextOpener | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(open: OpenContext, owner: () => RuntimeScope) {
    this.spec = open.spec;
    this.engine = open.engine;
    this.backends = open.backends ?? defaultBackends.copy();
    this.conditions = open.conditions ?? defaultConditions.copy();
    this.contexts = open.contexts;
    this.runtime = new ContextRuntime(open.spec, owner, new MessageSigner(new SecretRepository(open.engine)));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Lets running local tasks end, then releases the connections. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.runtime.close().finally(() => {
      this.closed = true;
      return this.engine.close();
    });
    return this.closing;
  }
}

/** `engine` as one handle sees it: every use asks `assertOpen` first, so a closed handle fails with a typed error. */
export function guardedEngine(engine: Engine, assertOpen: () => void): Engine {
  // Bound once per method: a bind per call would cost an allocation on every query.
  const bound = new Map<PropertyKey, { method: unknown; bound: unknown }>();
  return new Proxy(engine, {
    get(target, property) {
      assertOpen();
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const known = bound.get(property);
      if (known?.method === value) return known.bound;
      const method = { method: value, bound: value.bind(target) };
      bound.set(property, method);
      return method.bound;
    },
  });
}
