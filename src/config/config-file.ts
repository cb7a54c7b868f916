import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type * as Zod from 'zod';
import { ValidationError } from '../errors.js';

// yaml and zod are loaded when there is a config file to read (an embedded context may have none),
// through a synchronous require of their CommonJS builds.
const require = createRequire(import.meta.url);

/** A context as config.yml defines it. */
export interface ContextEntry {
  store?: string;
  broker?: string;
  bucket?: string;
  promotion?: { conditions?: Record<string, string[]> };
}

/**
 * The config file's schema, made on first use: zod (like yaml) loads only when there is a file to
 * check, through the same synchronous CommonJS require.
 */
function configFileSchema() {
  const { z } = require('zod') as typeof Zod;
  const contextEntry = z.strictObject({
    store: z.string().min(1).optional(),
    broker: z.string().optional(),
    bucket: z.string().optional(),
    promotion: z.strictObject({ conditions: z.record(z.string(), z.array(z.string())).optional() }).optional(),
  });
  return z.strictObject({
    /** The default context's name. */
    context: z.string().optional(),
    /**
     * `false`: only the contexts this file defines exist (no `default` created on first use, no
     * embedded contexts found under OMEGA_HOME/contexts/). Default true.
     */
    embedded: z.boolean().optional(),
    contexts: z.record(z.string(), contextEntry.nullable()).optional(),
    /** Modules that register promotion conditions: paths relative to this file, or package names. */
    conditionModules: z.array(z.string().min(1)).optional(),
  });
}

let schema: ReturnType<typeof configFileSchema> | undefined;

export interface OmegaConfig {
  /** The folder holding config.yml and the embedded contexts. */
  home: string;
  /** The config file read, or would-be location when it does not exist. */
  file: string;
  context?: string;
  embedded: boolean;
  contexts: Record<string, ContextEntry>;
  /** `conditionModules` as written in the file (resolved against it when imported). */
  conditionModules: string[];
}

export interface ConfigLocation {
  home?: string;
  config?: string;
}

/** OMEGA_HOME (default ~/.omegats), read from `env` at call time. */
export function omegaHome(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(explicit || env.OMEGA_HOME || join(homedir(), '.omegats'));
}

/** Reads and validates the config file (OMEGA_HOME and OMEGA_CONFIG from `env`); a missing file is an empty config. */
export function loadConfig(location: ConfigLocation = {}, env: NodeJS.ProcessEnv = process.env): OmegaConfig {
  const home = omegaHome(location.home, env);
  const explicit = location.config || env.OMEGA_CONFIG;
  const file = explicit ? resolve(explicit) : join(home, 'config.yml');
  if (!existsSync(file)) {
    if (explicit) throw new ValidationError(`config file ${file} (OMEGA_CONFIG) does not exist`);
    return { home, file, embedded: true, contexts: {}, conditionModules: [] };
  }
  const raw = parseFile(file);
  schema ??= configFileSchema();
  const result = schema.safeParse(raw ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = issue?.path.join('.') || '(top level)';
    throw new ValidationError(`config file ${file}: ${key}: ${issue?.message ?? 'invalid'}`);
  }
  const contexts: Record<string, ContextEntry> = {};
  for (const [name, entry] of Object.entries(result.data.contexts ?? {})) contexts[name] = entry ?? {};
  return {
    home,
    file,
    context: result.data.context,
    embedded: result.data.embedded ?? true,
    contexts,
    conditionModules: result.data.conditionModules ?? [],
  };
}

function parseFile(file: string): unknown {
  const { parse } = require('yaml') as typeof import('yaml');
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '').replace(/:$/, '') : String(error);
    throw new ValidationError(`config file ${file} is not valid YAML: ${reason}`);
  }
}
