import { ValidationError } from '../errors.js';
import type { Notebook, NotebookCell } from './notebook-schema.js';

export type { CellOutput, CodeCell, Notebook, NotebookCell } from './notebook-schema.js';

/** The languages a job's cells are written in. */
export const CELL_LANGUAGES = ['javascript', 'typescript'] as const;
export type CellLanguage = (typeof CELL_LANGUAGES)[number];

let schemaModule: Promise<typeof import('./notebook-schema.js')> | undefined;

/**
 * Checks a notebook against nbformat 4 (notebook-schema.ts) and its kernel's language: a
 * ValidationError names the fields that are wrong, or a kernel that is not JavaScript or
 * TypeScript. The schemas (zod) load with the first notebook checked, not with the package.
 */
export async function parseNotebook(value: unknown, label = 'notebook'): Promise<Notebook> {
  schemaModule ??= import('./notebook-schema.js');
  const notebook = (await schemaModule).checkNotebook(value, label);
  notebookLanguage(notebook, label);
  return notebook;
}

/** The kernel's language: `typescript` or `javascript` (the default when the notebook names none). */
export function notebookLanguage(notebook: Notebook, label = 'notebook'): CellLanguage {
  const { kernelspec, language_info } = notebook.metadata;
  const named = (kernelspec?.language ?? language_info?.name)?.toLowerCase();
  if (named === undefined) return 'javascript';
  const language = LANGUAGE_NAMES[named];
  if (language === undefined) {
    throw new ValidationError(
      `${label} is written for a ${named} kernel; job cells are JavaScript or TypeScript (kernelspec.language)`,
    );
  }
  return language;
}

const LANGUAGE_NAMES: Record<string, CellLanguage> = {
  javascript: 'javascript',
  js: 'javascript',
  typescript: 'typescript',
  ts: 'typescript',
};

/** A cell's language: VS Code's `metadata.vscode.languageId` when it names one, else the notebook's. */
export function cellLanguage(cell: NotebookCell, notebookDefault: CellLanguage): CellLanguage {
  const vscode = cell.metadata.vscode as { languageId?: unknown } | undefined;
  const id = typeof vscode?.languageId === 'string' ? LANGUAGE_NAMES[vscode.languageId.toLowerCase()] : undefined;
  return id ?? notebookDefault;
}

/** A cell's source as one string. */
export function sourceText(cell: NotebookCell): string {
  return typeof cell.source === 'string' ? cell.source : cell.source.join('');
}

/** A notebook of one code cell holding `code`, with a JS or TS kernel: what `om.jobs.create` stores. */
export function singleCellNotebook(code: string, language: CellLanguage): Notebook {
  const kernel = language === 'typescript' ? TYPESCRIPT_KERNEL : JAVASCRIPT_KERNEL;
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: kernel, language_info: { name: language } },
    cells: [{ cell_type: 'code', id: 'cell-1', source: code, metadata: {}, outputs: [], execution_count: null }],
  };
}

/** tslab's kernel, the usual TypeScript one. */
const TYPESCRIPT_KERNEL = { name: 'tslab', display_name: 'TypeScript', language: 'typescript' };
/** IJavascript's kernel. */
const JAVASCRIPT_KERNEL = { name: 'javascript', display_name: 'JavaScript (Node.js)', language: 'javascript' };

/** Whether a value looks like a notebook (an object with `cells` or `nbformat`), to be checked by parseNotebook. */
export function looksLikeNotebook(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && ('cells' in value || 'nbformat' in value)
  );
}
