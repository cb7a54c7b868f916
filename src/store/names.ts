import { ValidationError } from '../errors.js';

/** Buckets and context names: a safe identifier, also used as a folder name. */
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const MODIFIER_CHARS = /[@^[\]#{}]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
export const MAX_NAME_LENGTH = 255;
/** A folder segment that is empty, `.` or `..`. */
const EMPTY_OR_DOT_SEGMENT = /(?:^|\/)\.{0,2}(?:\/|$)/;
/** In `u` mode a surrogate pair is one code point, so this finds only lone surrogates. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Keys that would reach an object's prototype (`__proto__`) or shadow what code expects of it. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A name must be well-formed Unicode (no lone surrogate): stores would list it under another name. */
export function checkWellFormed(name: string, what: string): void {
  if (LONE_SURROGATE.test(name)) {
    throw new ValidationError(`${what} ${JSON.stringify(name)} is not well-formed Unicode (a lone surrogate)`);
  }
}

export function validateBucket(bucket: unknown): string {
  return validateIdentifier(bucket, 'bucket');
}

export function validateContextName(context: unknown): string {
  return validateIdentifier(context, 'context');
}

function validateIdentifier(value: unknown, what: string): string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
    throw new ValidationError(
      `invalid ${what} name ${describe(value)}: use 1-63 letters, digits, '_', '.' or '-', starting with a letter or digit`,
    );
  }
  return value;
}

/** Validates an object name without modifiers (API.md §3) and returns it. */
export function validateName(name: unknown): string {
  if (typeof name !== 'string') throw new ValidationError(`object name must be a string, got ${describe(name)}`);
  if (name.length === 0) throw new ValidationError('object name must not be empty');
  // UTF-16 units are never fewer than characters: only a long name needs its characters counted.
  const length = name.length > MAX_NAME_LENGTH ? [...name].length : name.length;
  if (length > MAX_NAME_LENGTH) {
    throw new ValidationError(`object name is ${length} characters long; at most ${MAX_NAME_LENGTH} are allowed`);
  }
  checkWellFormed(name, 'object name');
  if (CONTROL_CHARS.test(name)) throw new ValidationError(`object name ${describe(name)} contains a control character`);
  const modifier = MODIFIER_CHARS.exec(name);
  if (modifier) {
    throw new ValidationError(
      `object name ${describe(name)} contains '${modifier[0]}', which is a modifier and not allowed here`,
    );
  }
  if (EMPTY_OR_DOT_SEGMENT.test(name)) {
    throw new ValidationError(`object name ${describe(name)} has an empty, '.' or '..' folder segment`);
  }
  return name;
}

/** A model version selector: a tag or version hash (`@x`), or `back` steps before latest (`^`). */
export type VersionSelector = { tag: string } | { back: number };

/** A parsed name: shared by every caller that parses the same text, so read-only. */
export interface ParsedName {
  readonly name: string;
  /** `name[a,b]`: the projected columns (datasets). */
  readonly columns?: readonly string[];
  /** `name@tag`, `name@<version>`, `name^`, `name^^` (models). */
  readonly version?: Readonly<VersionSelector>;
}

export interface ModifierRules {
  projection: boolean;
  version: boolean;
}

/** Names parsed lately, by rules and text: a server parses the same few names on every request. */
const parsedNames = new Map<string, ParsedName>();
const PARSED_NAMES_KEPT = 1024;
/** Longer texts (long projections) are parsed each time, so the kept ones stay small. */
const PARSED_NAME_KEPT_LENGTH = 512;

/** Splits `raw` into a validated base name and its modifiers; modifiers the store does not allow are errors. */
export function parseName(raw: unknown, rules: ModifierRules): ParsedName {
  if (typeof raw !== 'string') throw new ValidationError(`object name must be a string, got ${describe(raw)}`);
  const key = `${rules.projection ? 'p' : '-'}${rules.version ? 'v' : '-'}${raw}`;
  let parsed = parsedNames.get(key);
  if (parsed === undefined) {
    parsed = parse(raw, rules);
    if (raw.length > PARSED_NAME_KEPT_LENGTH) return parsed;
    if (parsedNames.size >= PARSED_NAMES_KEPT) parsedNames.delete(parsedNames.keys().next().value as string);
    parsedNames.set(key, parsed);
  }
  return parsed;
}

function parse(raw: string, rules: ModifierRules): ParsedName {
  let rest = raw;
  const parsed: { columns?: readonly string[]; version?: VersionSelector } = {};
  const projection = /\[([^[\]]*)\]$/.exec(rest);
  if (projection) {
    if (!rules.projection) throw notAllowed(raw, 'a column projection [..]');
    parsed.columns = parseColumns(projection[1] ?? '', raw);
    rest = rest.slice(0, projection.index);
  }
  const back = /\^+$/.exec(rest);
  const at = rest.lastIndexOf('@');
  if (back) {
    if (!rules.version) throw notAllowed(raw, "a version selector '^'");
    parsed.version = { back: back[0].length };
    rest = rest.slice(0, back.index);
  } else if (at > 0) {
    if (!rules.version) throw notAllowed(raw, "a version selector '@'");
    const tag = rest.slice(at + 1);
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
      throw new ValidationError(`invalid version or tag ${describe(tag)} in ${describe(raw)}`);
    }
    parsed.version = { tag };
    rest = rest.slice(0, at);
  }
  if (parsed.columns) Object.freeze(parsed.columns);
  if (parsed.version) Object.freeze(parsed.version);
  return Object.freeze({ ...parsed, name: validateName(rest) });
}

function parseColumns(spec: string, raw: string): string[] {
  const columns = spec.split(',').map((column) => column.trim());
  if (columns.some((column) => column === '')) {
    throw new ValidationError(`column projection in ${describe(raw)} has an empty column name`);
  }
  return columns;
}

function notAllowed(raw: string, what: string): ValidationError {
  return new ValidationError(`${describe(raw)} uses ${what}, which this store does not support`);
}

/** A short, quoted, printable rendering of a user value for error messages. */
export function describe(value: unknown): string {
  if (typeof value !== 'string') return value === null ? 'null' : typeof value;
  const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return JSON.stringify(shown);
}
