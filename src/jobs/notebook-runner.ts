import { CellOutputs } from './cell-outputs.js';
import { type CellInput, type CompiledCell, compileCells, compiles, JOB_BINDING } from './cell-program.js';
import { type CellError, cellError, type ProgramLayout } from './cell-stack.js';
import { cellLanguage, type Notebook, type NotebookCell, notebookLanguage, sourceText } from './notebook.js';

/** How to run a notebook. */
export interface NotebookRunOptions {
  /** The job's name, for stacks and the result's metadata. */
  job: string;
  /** What the cells see as `om`: the job's context and bucket. */
  om: unknown;
  /** Assigned by a cell inserted after the one tagged `parameters`; `params` in every cell. */
  params: Record<string, unknown>;
  /** The run stops waiting for its cells after this long and fails (a running cell is not interrupted). */
  timeoutMs: number;
}

/** A notebook that ran: the notebook with its outputs, and how the run went. */
export interface NotebookRun {
  notebook: Notebook;
  status: 'ok' | 'error';
  /** `cell 3: Error: boom` when a cell failed, else null. */
  message: string | null;
  started: Date;
  seconds: number;
}

/** The tag papermill gives the cell it inserts. */
const INJECTED_TAG = 'injected-parameters';

/**
 * Runs a notebook's code cells in order as one async function body: a declaration in one cell is
 * visible in the next, `await` works at the top of a cell, imports load where they stand. `om`,
 * `params` and `console` are that function's parameters (a cell may declare its own). Each cell's
 * output (stdout and stderr through `console`, its last expression's value, its error with a stack
 * that names the cell and line) goes into the returned notebook; the first failing cell stops the
 * run, and the cells after it keep no outputs.
 */
export async function runNotebook(source: Notebook, options: NotebookRunOptions): Promise<NotebookRun> {
  const started = new Date();
  const clock = performance.now();
  const language = notebookLanguage(source);
  const cells: NotebookCell[] = source.cells.map((cell) => ({ ...cell }));
  const parametersAt = cells.findIndex(
    (cell) => cell.cell_type === 'code' && cell.metadata.tags?.includes('parameters'),
  );
  const injectedAt = parametersAt >= 0 && Object.keys(options.params).length > 0 ? parametersAt + 1 : -1;
  const label = (index: number): string =>
    index === injectedAt
      ? 'the injected parameters'
      : `cell ${injectedAt >= 0 && index > injectedAt ? index : index + 1}`;
  const input = (cell: NotebookCell, index: number): CellInput => ({
    index,
    label: label(index),
    code: sourceText(cell),
    language: cellLanguage(cell, language),
    showsValue: index !== injectedAt,
  });
  if (injectedAt >= 0) {
    const { compiled } = await compileCells([input(cells[parametersAt] as NotebookCell, parametersAt)]);
    cells.splice(injectedAt, 0, injectedCell(injectionCode(options.params, compiled[0]?.declared ?? new Map())));
  }
  const inputs = cells.flatMap((cell, index) =>
    cell.cell_type === 'code' && sourceText(cell).trim() !== '' ? [input(cell, index)] : [],
  );
  const { compiled, syntaxError } = await compileCells(inputs);

  const outputs = new CellOutputs();
  const url = `job:${options.job.replace(/[^\w./-]/g, '_')}`;
  const { layout, rejected } = layoutOf(compiled, url);
  const failure =
    (await execute(layout, outputs, options)) ??
    (rejected && syntaxFailure(rejected.cell, rejected.message)) ??
    (syntaxError &&
      syntaxFailure(syntaxError.cell, syntaxError.message, `line ${syntaxError.line}, column ${syntaxError.column}`));
  if (failure) {
    if (outputs.executionCount(failure.index) === null) outputs.enter(failure.index);
    outputs.error(failure.index, failure.error.ename, failure.error.evalue, failure.error.traceback);
  }
  outputs.close();

  const seconds = Math.round(performance.now() - clock) / 1000;
  const status = failure ? 'error' : 'ok';
  const firstLine = failure ? `${failure.error.ename}: ${failure.error.evalue}`.split('\n')[0] : '';
  const notebook: Notebook = {
    ...source,
    metadata: {
      ...source.metadata,
      omegats: { job: options.job, params: options.params, started: started.toISOString(), seconds, status },
    },
    cells: cells.map((cell, index) =>
      cell.cell_type === 'code'
        ? { ...cell, outputs: outputs.of(index), execution_count: outputs.executionCount(index) }
        : cell,
    ),
  };
  return { notebook, status, message: failure ? `${label(failure.index)}: ${firstLine}` : null, started, seconds };
}

interface Failure {
  /** The cell's position in the result notebook. */
  index: number;
  error: CellError;
}

function syntaxFailure(cell: CellInput, message: string, where?: string): Failure {
  const at = where === undefined ? cell.label : `${cell.label}, ${where}`;
  return {
    index: cell.index,
    error: { ename: 'SyntaxError', evalue: message, traceback: [`SyntaxError: ${message}`, `    at ${at}`] },
  };
}

/**
 * The program's layout: every cell, or (when JavaScript rejects the whole, e.g. a name declared
 * twice across cells) the cells before the first one that makes it fail, which is then rejected.
 */
function layoutOf(
  compiled: readonly CompiledCell[],
  url: string,
): { layout: ProgramLayout & { body: string }; rejected?: { cell: CompiledCell; message: string } } {
  const whole = programOf(compiled, url);
  const wholeError = compileError(whole.body);
  if (wholeError === undefined) return { layout: whole };
  for (let k = 1; k <= compiled.length; k++) {
    const message = compileError(programOf(compiled.slice(0, k), url).body);
    if (message !== undefined) {
      return {
        layout: programOf(compiled.slice(0, k - 1), url),
        rejected: { cell: compiled[k - 1] as CompiledCell, message },
      };
    }
  }
  return { layout: programOf([], url), rejected: { cell: compiled[0] as CompiledCell, message: wholeError } };
}

/** The function body that runs the cells: one line to open it, then each cell after a line that enters it. */
function programOf(compiled: readonly CompiledCell[], url: string): ProgramLayout & { body: string } {
  // Strict, like a module: a name assigned without a declaration is an error, never a global.
  const lines = ["'use strict'; return (async () => {"];
  const cells = compiled.map((cell) => {
    lines.push(`${JOB_BINDING}.enter(${cell.index});`);
    const start = lines.length + 1;
    lines.push(...cell.lines);
    return { cell, start };
  });
  lines.push('})();', `//# sourceURL=${url}`);
  return { url, cells, body: lines.join('\n') };
}

function compileError(body: string): string | undefined {
  if (compiles(body)) return undefined;
  try {
    new Function(JOB_BINDING, 'om', 'params', 'console', body);
    return 'the cells do not compile together';
  } catch (error) {
    return (error as Error).message;
  }
}

/** Runs the program; the first failure (an error, or the deadline passing) and the cell it happened in. */
async function execute(
  layout: ProgramLayout & { body: string },
  outputs: CellOutputs,
  options: NotebookRunOptions,
): Promise<Failure | undefined> {
  if (layout.cells.length === 0) return undefined;
  const program = new Function(JOB_BINDING, 'om', 'params', 'console', layout.body) as (
    job: unknown,
    om: unknown,
    params: unknown,
    console: unknown,
  ) => Promise<void>;
  const job = {
    enter: (index: number) => outputs.enter(index),
    value: async (index: number, value: unknown) => outputs.value(index, await value),
  };
  const params = JSON.parse(JSON.stringify(options.params)) as unknown;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), options.timeoutMs);
  });
  try {
    const ended = await Promise.race([program(job, options.om, params, outputs.console), deadline]);
    if (ended !== 'late') return undefined;
    const evalue = `the job did not finish within ${options.timeoutMs} ms (the cell was not interrupted; its later output is not kept)`;
    return {
      index: outputs.current ?? 0,
      error: { ename: 'TimeoutError', evalue, traceback: [`TimeoutError: ${evalue}`] },
    };
  } catch (error) {
    return { index: outputs.current ?? 0, error: cellError(error, layout) };
  } finally {
    clearTimeout(timer);
  }
}

/** The cell papermill inserts after the `parameters` cell: one assignment per parameter. */
function injectedCell(code: string): NotebookCell {
  return {
    cell_type: 'code',
    id: 'injected-parameters',
    source: code,
    metadata: { tags: [INJECTED_TAG] },
    outputs: [],
    execution_count: null,
  };
}

/**
 * `month = "2026-11";` for a name the parameters cell declares, `let month = "2026-11";` for a new
 * one. Keys that cannot be variable names are left to `params`.
 */
function injectionCode(params: Record<string, unknown>, declared: ReadonlyMap<string, string>): string {
  return Object.entries(params)
    .filter(([key]) => /^[A-Za-z_$][\w$]*$/.test(key) && compiles(`let ${key};`))
    .map(([key, value]) => `${declared.has(key) ? '' : 'let '}${key} = ${JSON.stringify(value) ?? 'undefined'};`)
    .join('\n');
}
