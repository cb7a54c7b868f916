import { isAbsolute, resolve } from 'node:path';
import { ValidationError } from '../errors.js';

export type StoreLocation = { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string };

/** Removes the password from a URL so it can appear in messages and listings. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Unparsable: drop everything from the user name to the last @ before the path.
    return url
      .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^/]*@/i, '$1:***@')
      .replace(/([?&]password=)[^&#]*/gi, '$1***');
  }
  const secretParams = [...parsed.searchParams.keys()].filter((key) => /^pass(word)?$/i.test(key));
  if (!parsed.password && secretParams.length === 0) return url;
  if (parsed.password) parsed.password = '***';
  for (const key of secretParams) parsed.searchParams.set(key, '***');
  return parsed.toString();
}

/**
 * Parses a store URL: `sqlite:<path>` (relative to home), `sqlite:///abs/path.db`,
 * `postgres://…` or `postgresql://…`. `where` names the setting for error messages.
 */
export function parseStoreUrl(url: string, home: string, where: string): StoreLocation {
  if (url.startsWith('sqlite:')) {
    let path = url.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '' || (path.startsWith('/') && path.length === 1)) {
      throw new ValidationError(`${where}: sqlite URL ${JSON.stringify(url)} names no database file`);
    }
    return { engine: 'sqlite', path: isAbsolute(path) ? path : resolve(home, path) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ValidationError(`${where}: malformed PostgreSQL URL ${JSON.stringify(redactUrl(url))}`);
    }
    if (!parsed.hostname || parsed.pathname.length <= 1) {
      throw new ValidationError(
        `${where}: PostgreSQL URL ${JSON.stringify(redactUrl(url))} needs a host and a database name`,
      );
    }
    return { engine: 'postgres', url };
  }
  throw new ValidationError(
    `${where}: unknown store URL scheme in ${JSON.stringify(redactUrl(url))} (expected sqlite:, postgres:// or postgresql://)`,
  );
}

/** Parses a broker URL: absent or `local` → null (local runtime), else `redis://` / `rediss://`. */
export function parseBrokerUrl(url: string | undefined, where: string): string | null {
  if (url === undefined || url === '' || url === 'local') return null;
  if (/^rediss?:\/\//.test(url)) return url;
  throw new ValidationError(
    `${where}: unknown broker URL scheme in ${JSON.stringify(redactUrl(url))} (expected redis://, rediss:// or local)`,
  );
}
