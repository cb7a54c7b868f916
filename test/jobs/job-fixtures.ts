import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CellOutput, Notebook } from '../../src/jobs/notebook.js';

/** The path of a fixture in test/fixtures/jobs. */
export function jobFixture(file: string): string {
  return fileURLToPath(new URL(`../fixtures/jobs/${file}`, import.meta.url));
}

/** A fixture notebook as parsed JSON (not checked). */
export function notebookFixture(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(jobFixture(file), 'utf8')) as Record<string, unknown>;
}

/** The code cells of a notebook, by their id or position. */
export function codeCells(notebook: Notebook): Extract<Notebook['cells'][number], { cell_type: 'code' }>[] {
  return notebook.cells.filter((cell) => cell.cell_type === 'code') as Extract<
    Notebook['cells'][number],
    { cell_type: 'code' }
  >[];
}

/** The text of a cell's stream output `name`, '' when it printed nothing there. */
export function streamText(outputs: CellOutput[], name: 'stdout' | 'stderr'): string {
  const stream = outputs.find((output) => output.output_type === 'stream' && output.name === name);
  if (!stream) return '';
  const text = (stream as { text: string | string[] }).text;
  return typeof text === 'string' ? text : text.join('');
}

/** The text/plain of a cell's execute_result, undefined when it has none. */
export function resultText(outputs: CellOutput[]): string | undefined {
  const result = outputs.find((output) => output.output_type === 'execute_result') as
    | { data: Record<string, unknown> }
    | undefined;
  return result?.data['text/plain'] as string | undefined;
}
