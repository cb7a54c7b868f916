import { z } from 'zod';
import { ValidationError } from '../errors.js';

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
 * fields that are wrong (`cells.2.source: …`).
 */
export function checkNotebook(value: unknown, label = 'notebook'): Notebook {
  const parsed = NotebookSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'the notebook'}: ${issue.message}`)
      .join('; ');
    throw new ValidationError(`${label} is not a valid Jupyter notebook (nbformat 4): ${issues}`);
  }
  return parsed.data;
}
