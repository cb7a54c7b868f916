import { ValidationError } from '../errors.js';
import { type Backend, type StorePrefix, typeName } from './backend.js';

/**
 * Backends by kind, in priority order: the first whose `supports(obj)` is true stores an
 * object. Backends registered later (users' own) take precedence over the built-ins.
 */
export class BackendRegistry {
  private readonly order: Backend[] = [];

  /** A registry that starts with this one's backends; changes to either do not reach the other. */
  copy(): BackendRegistry {
    const copy = new BackendRegistry();
    copy.order.push(...this.order);
    return copy;
  }

  register(kind: string, backend: Backend): void {
    const named = typeof backend === 'object' && backend !== null && backend.kind === kind;
    if (typeof kind !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(kind) || !named) {
      throw new ValidationError(
        `cannot register backend ${JSON.stringify(kind)}: its kind must be a name equal to backend.kind`,
      );
    }
    const existing = this.order.findIndex((b) => b.kind === kind);
    if (existing >= 0) this.order.splice(existing, 1);
    this.order.unshift(backend);
  }

  /** The backend of a stored kind, or undefined. */
  find(kind: string, prefix: StorePrefix): Backend | undefined {
    return this.order.find((b) => b.kind === kind && serves(b, prefix));
  }

  /** The backend of a stored kind; an unknown kind is a ValidationError. */
  byKind(kind: string, prefix: StorePrefix): Backend {
    const backend = this.find(kind, prefix);
    if (!backend) {
      const known = this.kinds(prefix).join(', ');
      throw new ValidationError(`unknown kind ${JSON.stringify(kind)} for store ${prefix} (known: ${known})`);
    }
    return backend;
  }

  /** The first backend that supports `obj` in this store. */
  forObject(obj: unknown, prefix: StorePrefix): Backend {
    const backend = this.order.find((b) => serves(b, prefix) && b.supports(obj));
    if (!backend) {
      throw new ValidationError(
        `no backend of store ${prefix} supports an object of type ${typeName(obj)} (kinds: ${this.kinds(prefix).join(', ')})`,
      );
    }
    return backend;
  }

  kinds(prefix: StorePrefix): string[] {
    return this.order.filter((b) => serves(b, prefix)).map((b) => b.kind);
  }
}

function serves(backend: Backend, prefix: StorePrefix): boolean {
  return backend.prefixes === undefined || backend.prefixes.includes(prefix);
}
