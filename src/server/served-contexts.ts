import type { SetupOptions } from '../config/context-spec.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { Omega } from '../omega.js';
import { setupWith } from '../setup.js';

/**
 * A context to serve: a name from the config (or `setup()` options), opened and closed by the
 * server, or an open handle, which its owner closes.
 */
export type ServedContext = string | SetupOptions | Omega;

/** The contexts one server serves, each opened once; the first is the default. */
export class ServedContexts {
  private constructor(
    private readonly byName: ReadonlyMap<string, Omega>,
    private readonly owned: readonly Omega[],
  ) {}

  /** Opens every context not given open; all or none (a failure closes those already opened). */
  static async open(given: readonly ServedContext[], env: NodeJS.ProcessEnv): Promise<ServedContexts> {
    const byName = new Map<string, Omega>();
    const owned: Omega[] = [];
    try {
      for (const entry of given.length > 0 ? given : [{}]) {
        const om = entry instanceof Omega ? entry : await setupWith(optionsOf(entry), env);
        if (!(entry instanceof Omega)) owned.push(om);
        if (byName.has(om.context)) throw new ValidationError(`context ${om.context} is served twice`);
        byName.set(om.context, om.bucket('default'));
      }
    } catch (error) {
      await Promise.all(owned.map((om) => om.close()));
      throw error;
    }
    return new ServedContexts(byName, owned);
  }

  /** The names served, the default first. */
  get names(): string[] {
    return [...this.byName.keys()];
  }

  /** The default bucket of the context `name` (the first served when absent); NotFoundError if not served. */
  get(name?: string): Omega {
    const om = this.byName.get(name ?? (this.names[0] as string));
    if (!om) throw new NotFoundError(`context ${name} is not served here; served: ${this.names.join(', ')}`);
    return om;
  }

  /** Closes the contexts this server opened. */
  async close(): Promise<void> {
    await Promise.all(this.owned.map((om) => om.close()));
  }
}

function optionsOf(entry: string | SetupOptions): SetupOptions {
  return typeof entry === 'string' ? { context: entry } : entry;
}
