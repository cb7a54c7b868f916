import { scriptBackend } from '../backends/script.js';
import { SchedulableStore } from '../schedules/schedulable-store.js';
import type { StoreScope } from '../store/backend.js';
import type { Metadata } from '../store/metadata.js';
import type { BackendRegistry } from '../store/registry.js';
import type { GetOptions, PutOptions } from '../store/store.js';
import { readScriptPackage, type ScriptPackage } from './script-package.js';

/** `om.scripts`: JS and TS modules, each put an immutable, content-named version; they can be scheduled. */
export class ScriptStore extends SchedulableStore {
  constructor(scope: Omit<StoreScope, 'prefix'>, backends: BackendRegistry) {
    super(scope, 'scripts/', backends);
  }

  /** A string is the local path of a script file or folder (see readScriptPackage), unless another kind is forced. */
  override async put(obj: unknown, name: string, options: PutOptions = {}): Promise<Metadata> {
    const fromPath = typeof obj === 'string' && (options.kind === undefined || options.kind === scriptBackend.kind);
    return super.put(fromPath ? await readScriptPackage(obj) : obj, name, options);
  }

  /** A script module as a ScriptPackage (`name@version` for an older one); a json object: name its type. */
  override get<T = ScriptPackage>(name: string, options?: GetOptions): Promise<T> {
    return super.get<T>(name, options);
  }
}
