import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Document, isMap, isScalar, parseDocument } from 'yaml';
import { ValidationError } from '../errors.js';
import type { ContextEntry } from './config-file.js';

/**
 * Adds `contexts.<name>` to the config file (created when missing). The file is edited as a YAML
 * document, so its comments and the order of its keys stay as they were.
 */
export function writeContextEntry(file: string, name: string, entry: ContextEntry): void {
  const doc = readDocument(file);
  const current = doc.get('contexts', true);
  if (!isMap(current)) {
    // `contexts:` with nothing under it: a map takes its place, and its comment.
    const contexts = doc.createNode({});
    if (isScalar(current) && current.comment) contexts.commentBefore = current.comment;
    doc.set('contexts', contexts);
  }
  doc.setIn(['contexts', name], doc.createNode(entry));
  replaceFile(file, doc.toString());
}

/** Removes `contexts.<name>` from the config file; false when it had no such entry. */
export function removeContextEntry(file: string, name: string): boolean {
  if (!existsSync(file)) return false;
  const doc = readDocument(file);
  if (!doc.hasIn(['contexts', name])) return false;
  doc.deleteIn(['contexts', name]);
  replaceFile(file, doc.toString());
  return true;
}

function readDocument(file: string): Document {
  const doc = parseDocument(existsSync(file) ? readFileSync(file, 'utf8') : '');
  if (doc.errors.length > 0) {
    throw new ValidationError(`config file ${file} is not valid YAML: ${doc.errors[0]?.message.split('\n')[0]}`);
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new ValidationError(`config file ${file}: (top level): expected a mapping`);
  }
  return doc;
}

/** Writes a temp file next to it and renames it over, so a reader never sees half a config. */
function replaceFile(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}
