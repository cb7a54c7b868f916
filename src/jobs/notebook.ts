import { z } from 'zod';
import { ValidationError } from '../errors.js';

/** The languages a job's cells are written in. */
export const CELL_LANGUAGES = ['javascript', 'typescript'] as const;
export type CellLanguage = (typeof CELL_LANGUAGES)[number];

/** nbformat's multiline string: one string, or a list of lines joined as they are. */
const multiline = z.union([z.string(), z.array(z.string())]);
const record = z.record(z.string(), z.unknown());

const OutputSchema = z.discriminatedUnion('output_type', [
  z.looseObject({ output_type: z.literal('stream'), name: z.enum(['stdout', 'stderr']), text: multiline }),
  z.looseObject({ output_type: z.literal('display_data'), data: record, metadata: record.default({}) }),
  z.looseObject({
    output_type: z.literal('execute_result'),
    execution_count: z.int().nonnegative().nullable(),
    data: record,
    metadata: record.default({}),
  }),
  z.looseObject({
    output_type: z.literal('error'),
    ename: z.string(),
    evalue: z.string(),
    traceback: z.array(z.string()),
  }),
]);

const CellMetadataSchema = z.looseObject({ tags: z.array(z.string()).optional() });

const CodeCellSchema = z.looseObject({
  cell_type: z.literal('code'),
  id: z.string().optional(),
  source: multiline,
  metadata: CellMetadataSchema.default({}),
  outputs: z.array(OutputSchema).default([]),
  execution_count: z.int().nonnegative().nullable().default(null),
});

const TextCellSchema = z.looseObject({
  cell_type: z.enum(['markdown', 'raw']),
  id: z.string().optional(),
  source: multiline,
  metadata: CellMetadataSchema.default({}),
});

/** A Jupyter notebook, nbformat 4 (https://nbformat.readthedocs.io): what `om.jobs` stores and runs. */
export const NotebookSchema = z.looseObject({
  nbformat: z.literal(4),
  nbformat_minor: z.int().nonnegative().default(5),
  metadata: z
    .looseObject({
      kernelspec: z
        .looseObject({ name: z.string(), display_name: z.string().optional(), language: z.string().optional() })
        .optional(),
      language_info: z.looseObject({ name: z.string() }).optional(),
    })
    .default({}),
  cells: z.array(z.discriminatedUnion('cell_type', [CodeCellSchema, TextCellSchema])),
});

export type Notebook = z.infer<typeof NotebookSchema>;
export type NotebookCell = Notebook['cells'][number];
export type CodeCell = z.infer<typeof CodeCellSchema>;
export type CellOutput = z.infer<typeof OutputSchema>;

/**
 * Checks a notebook (parsed JSON) against nbformat 4 and fills what nbformat lets writers omit
 * (metadata, outputs, execution counts). Anything else is a ValidationError that names the
 * fields that are wrong (`cells.2.source: …`), as is a kernel that is not JavaScript or TypeScript.
 */
export function parseNotebook(value: unknown, label = 'notebook'): Notebook {
  const parsed = NotebookSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'the notebook'}: ${issue.message}`)
      .join('; ');
    throw new ValidationError(`${label} is not a valid Jupyter notebook (nbformat 4): ${issues}`);
  }
  notebookLanguage(parsed.data, label);
  return parsed.data;
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
  return parseNotebook({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: kernel, language_info: { name: language } },
    cells: [{ cell_type: 'code', id: 'cell-1', source: code, metadata: {}, outputs: [], execution_count: null }],
  });
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
