import { SourceMap } from 'node:module';
import type { CellLanguage } from './notebook.js';

/** The name cells reach the run by; no cell is expected to use it. */
export const JOB_BINDING = '__omegats_job';

/** One code cell to run: its position in the notebook, what the run calls it, its code. */
export interface CellInput {
  /** Position in the result notebook's cells. */
  index: number;
  /** How errors name it: `cell 3`, `the injected parameters`. */
  label: string;
  code: string;
  language: CellLanguage;
  /** Whether the value of its last expression becomes an output (not for the injected parameters). */
  showsValue: boolean;
}

/** A cell as JavaScript lines of the program, and how to find its own lines again. */
export interface CompiledCell extends CellInput {
  lines: string[];
  /** From the JavaScript esbuild wrote back to the cell's source (TypeScript or not). */
  map: SourceMap;
  /** Lines whose start the program moved right (a wrapped last expression), and by how much. */
  shifted: Map<number, number>;
  /** Names the cell declares at its top level with let, var or const. */
  declared: Map<string, 'let' | 'var' | 'const'>;
}

/** A cell esbuild could not read: where and why. */
export interface CellSyntaxError {
  cell: CellInput;
  line: number;
  column: number;
  message: string;
}

/**
 * Transpiles cells to JavaScript, one at a time, in order, until one does not compile. TypeScript
 * goes through esbuild's `ts` loader (types stripped, imports kept as written), JavaScript through
 * its `js` loader, which prints every top-level statement from the start of a line: that is what
 * lets the program find each cell's last statement without a parser of its own.
 */
export async function compileCells(
  cells: readonly CellInput[],
): Promise<{ compiled: CompiledCell[]; syntaxError?: CellSyntaxError }> {
  const compiled: CompiledCell[] = [];
  for (const cell of cells) {
    let result: Transpiled;
    try {
      result = await transpile(cell);
    } catch (error) {
      const first = (error as { errors?: { text: string; location: { line: number; column: number } | null }[] })
        .errors?.[0];
      if (!first) throw error;
      return {
        compiled,
        syntaxError: {
          cell,
          line: first.location?.line ?? 1,
          column: (first.location?.column ?? 0) + 1,
          message: first.text,
        },
      };
    }
    compiled.push(programCell(cell, result.code, result.map));
  }
  return { compiled };
}

interface Transpiled {
  code: string;
  map: SourceMap;
}

/** Cells transpiled lately, by language, label and code: a scheduled job runs the same cells again and again. */
const transpiled = new Map<string, Transpiled>();
const TRANSPILED_KEPT = 1000;

async function transpile(cell: CellInput): Promise<Transpiled> {
  const key = JSON.stringify([cell.language, cell.label, cell.code]);
  const known = transpiled.get(key);
  if (known) return known;
  const esbuild = await import('esbuild');
  const result = await esbuild.transform(cell.code, {
    loader: cell.language === 'typescript' ? 'ts' : 'js',
    sourcemap: 'external',
    sourcefile: cell.label,
    charset: 'utf8',
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
  });
  const value = { code: result.code, map: new SourceMap(JSON.parse(result.map)) };
  if (transpiled.size >= TRANSPILED_KEPT) transpiled.delete(transpiled.keys().next().value as string);
  transpiled.set(key, value);
  return value;
}

function programCell(cell: CellInput, code: string, map: SourceMap): CompiledCell {
  const lines = code.replace(/\n$/, '').split('\n');
  const starts = lines.flatMap((line, i) => (/^[^\s})\]]/.test(line) ? [i] : []));
  const declared = new Map<string, 'let' | 'var' | 'const'>();
  for (const i of starts) {
    lines[i] = moduleSyntax(lines[i] as string);
    const declaration = /^(let|var|const) /.exec(lines[i] as string);
    if (declaration) {
      for (const [, name] of (lines[i] as string).matchAll(/(?:^(?:let|var|const) |, )([A-Za-z_$][\w$]*) =/g)) {
        declared.set(name as string, declaration[1] as 'let' | 'var' | 'const');
      }
    }
  }
  const shifted = new Map<number, number>();
  const last = cell.showsValue ? lastExpression(lines, starts) : undefined;
  if (last !== undefined) {
    // A promise the last expression gives is awaited: its value is shown, its rejection fails the cell.
    const prefix = `await ${JOB_BINDING}.value(${cell.index}, (`;
    lines[last] = `${prefix}${lines[last]}`;
    lines[lines.length - 1] = (lines.at(-1) as string).replace(/;\s*$/, '));');
    shifted.set(last, prefix.length);
  }
  return { ...cell, lines, map, shifted, declared };
}

/**
 * A cell's imports run as dynamic imports where they stand (the cells are one function body),
 * and its exports are plain declarations: `export const x` declares x for the next cells.
 */
function moduleSyntax(line: string): string {
  const sideEffect = /^import (".*");$/.exec(line);
  if (sideEffect) return `await import(${sideEffect[1]});`;
  const binding = /^import (.+) from (".*");$/.exec(line);
  if (binding) return importBindings(binding[1] as string, binding[2] as string) ?? line;
  if (/^export (\{.*\}|\*.*) from ".*";$/.test(line) || /^export \{.*\};$/.test(line)) return '';
  return line.replace(/^export (default )?/, '');
}

/** `d, { a as b }` from "m" → `const { default: d, a: b } = await import("m");` (undefined: a form it does not know). */
function importBindings(clause: string, specifier: string): string | undefined {
  const load = `await import(${specifier})`;
  const namespace = /^(?:([A-Za-z_$][\w$]*), )?\* as ([A-Za-z_$][\w$]*)$/.exec(clause);
  if (namespace) {
    const [, fallback, name] = namespace;
    return fallback ? `const ${name} = ${load}, { default: ${fallback} } = ${name};` : `const ${name} = ${load};`;
  }
  const named = /^(?:([A-Za-z_$][\w$]*)(?:, )?)?(?:\{ ?(.*?) ?\})?$/.exec(clause);
  if (!named) return undefined;
  const [, fallback, list] = named;
  const parts = (list ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => part.replace(/^(\S+) as (\S+)$/, '$1: $2'));
  if (fallback) parts.unshift(`default: ${fallback}`);
  return `const { ${parts.join(', ')} } = ${load};`;
}

const DECLARATION = /^(async\s+)?(function|class)\b|^\{/;

/** The line where the cell's last statement starts, when that statement is an expression. */
function lastExpression(lines: string[], starts: number[]): number | undefined {
  for (let k = starts.length - 1; k >= 0; k--) {
    const start = starts[k] as number;
    const tail = lines.slice(start).join('\n');
    if (!compiles(lines.slice(0, start).join('\n'))) continue; // not a statement boundary (inside a template)
    if (DECLARATION.test(tail) || !compiles(`return (\n${tail.replace(/;\s*$/, '')}\n);`)) return undefined;
    return start;
  }
  return undefined;
}

const AsyncFunction = (async () => undefined).constructor as new (...body: string[]) => unknown;

/** Whether `body` parses as the body of a strict async function (cells run as strict code, like a module's). */
export function compiles(body: string): boolean {
  try {
    new AsyncFunction(`'use strict';${body}`);
    return true;
  } catch {
    return false;
  }
}
