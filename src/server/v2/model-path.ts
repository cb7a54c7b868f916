import { ValidationError } from '../../errors.js';

/** What a `/v2/models/<name>[/versions/<v>][/<endpoint>]` path names. */
export interface ModelPath {
  /** The model's name (may hold `/`). */
  readonly name: string;
  /** The version (a version or a tag) of `/versions/<v>`, if given. */
  readonly version?: string;
  /** The last segment when it is one of `endpoints` (`infer`, `ready`). */
  readonly endpoint?: string;
  /** The name as the model store takes it: `name@version`, or `name`. */
  readonly ref: string;
}

/**
 * Splits the path after `/v2/models/` from its end: an endpoint segment, then `versions/<v>`;
 * the rest is the name. A name that itself ends in `/versions/<x>` cannot be addressed here.
 */
export function parseModelPath(path: string, endpoints: readonly string[]): ModelPath {
  let rest = path.endsWith('/') ? path.slice(0, -1) : path;
  const last = rest.slice(rest.lastIndexOf('/') + 1);
  const endpoint = endpoints.includes(last) && rest.includes('/') ? last : undefined;
  if (endpoint) rest = rest.slice(0, -(endpoint.length + 1));
  const versioned = /^(.+)\/versions\/([^/]+)$/.exec(rest);
  const name = versioned ? (versioned[1] as string) : rest;
  if (name === '') throw new ValidationError('give a model name: /v2/models/<name>[/versions/<version>]');
  const version = versioned?.[2];
  return {
    name,
    ...(version === undefined ? {} : { version }),
    ...(endpoint === undefined ? {} : { endpoint }),
    ref: version === undefined ? name : `${name}@${version}`,
  };
}
