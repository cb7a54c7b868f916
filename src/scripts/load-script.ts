import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ValidationError } from '../errors.js';
import { materializeScript } from './materialize.js';
import type { ScriptPackage } from './script-package.js';
import { isTypeScript } from './script-rules.js';

/** What a script exports: `run(om, payload)`, whose result (or its promise's) is the task's. */
export interface ScriptModule {
  run(om: unknown, payload: unknown): unknown;
}

/** Whose module a task runs: each context and bucket keeps its own module state. */
export interface ScriptOwner {
  readonly context: string;
  readonly bucket: string;
}

/** Modules by version and owner: a version names its content, so a loaded one never goes stale. */
const loaded = new Map<string, Promise<ScriptModule>>();

/**
 * Imports a script version for one context and bucket: its files written out to a folder of that
 * owner's (see materializeScript), so the entry and every module it imports are instances of that
 * owner's alone, and module-level state never passes between buckets or contexts. Node imports the
 * entry, or tsx when it is TypeScript. A module without `run`, or one that fails to import, is a
 * ValidationError; failures are not cached.
 */
export async function loadScript(pkg: ScriptPackage, version: string, owner: ScriptOwner): Promise<ScriptModule> {
  const copy = createHash('sha256')
    .update(JSON.stringify([owner.context, owner.bucket]))
    .digest('hex')
    .slice(0, 16);
  const key = `${version}-${copy}`;
  let loading = loaded.get(key);
  if (loading === undefined) {
    loading = importScript(pkg, version, copy);
    loaded.set(key, loading);
    loading.catch(() => loaded.delete(key));
  }
  return loading;
}

async function importScript(pkg: ScriptPackage, version: string, copy: string): Promise<ScriptModule> {
  const label = `script entry ${pkg.entry} (version ${version.slice(0, 12)})`;
  const folder = await materializeScript(pkg, version, copy);
  const url = pathToFileURL(join(folder, ...pkg.entry.split('/'))).href;
  let namespace: unknown;
  try {
    namespace = isTypeScript(pkg.entry) ? await importTypeScript(url) : await import(url);
  } catch (error) {
    throw new ValidationError(`${label} failed to load: ${(error as Error).message}`, { cause: error });
  }
  const module = scriptModule(namespace);
  if (module) return module;
  throw new ValidationError(
    `${label} exports no function run: export one by name, or a default export that is a function or has run`,
  );
}

/** tsx is loaded only for TypeScript scripts: it registers a module loader plain JavaScript does not need. */
async function importTypeScript(url: string): Promise<unknown> {
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(url, import.meta.url);
}

/** The named export `run`, else the default export when it is a function or has `run`. */
function scriptModule(namespace: unknown): ScriptModule | undefined {
  let fallback = (namespace as { default?: unknown }).default;
  // A CommonJS build of an ES module (tsx compiles TypeScript outside "type": "module" packages so)
  // nests the default export once more, under an `__esModule` marker.
  const nested = fallback as { __esModule?: unknown; default?: unknown } | null | undefined;
  if (typeof nested === 'object' && nested?.__esModule === true && 'default' in nested) fallback = nested.default;
  const callable = typeof fallback === 'function' ? { run: fallback as ScriptModule['run'] } : undefined;
  return runOf(namespace) ?? runOf(fallback) ?? callable;
}

/** `value.run` bound to `value`, when it is a function. */
function runOf(value: unknown): ScriptModule | undefined {
  if (typeof value !== 'object' && typeof value !== 'function') return undefined;
  const holder = value as { run?: unknown } | null;
  const run = holder?.run;
  return typeof run === 'function' ? { run: (om, payload) => run.call(holder, om, payload) } : undefined;
}
