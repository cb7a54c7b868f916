const BEARER = /^Bearer +(\S+)$/i;
const API_KEY = /^ApiKey +(.+)$/i;

/**
 * The key an authorization header carries: `Bearer <key>` (RFC 6750) or omega|ml clients'
 * `ApiKey <user>:<key>` (schemes case-insensitive); undefined when it is neither. omega|ml's user
 * part is not checked: the key alone says who calls.
 */
export function keyOfHeader(value: string): string | undefined {
  const bearer = BEARER.exec(value);
  if (bearer) return bearer[1];
  const credentials = API_KEY.exec(value)?.[1];
  if (credentials === undefined) return undefined;
  const colon = credentials.lastIndexOf(':');
  const key = credentials.slice(colon + 1);
  return colon > 0 && /^\S+$/.test(key) ? key : undefined;
}
