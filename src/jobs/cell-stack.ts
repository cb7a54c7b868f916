import type { CompiledCell } from './cell-program.js';

/** Where each cell's lines are in the program's body (line 1 is the body's first line). */
export interface ProgramLayout {
  /** The `//# sourceURL` that names the program in stacks. */
  readonly url: string;
  readonly cells: readonly { cell: CompiledCell; start: number }[];
}

/** An error as a notebook's `error` output holds it. */
export interface CellError {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** How many lines `new Function` puts before the body (`function anonymous(…\n) {\n`), measured once. */
const HEADER_LINES = measureHeader();

/**
 * The error a cell threw, its stack pointing at cells: `at cell 3, line 2, column 7` for the
 * program's frames (through esbuild's source map, so TypeScript cells point at what was written).
 * Frames below the last cell frame (the runner's own) are left out.
 */
export function cellError(error: unknown, layout: ProgramLayout): CellError {
  const ename = error instanceof Error ? error.name : 'Error';
  const evalue = error instanceof Error ? error.message : typeof error === 'string' ? error : String(error);
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : `${ename}: ${evalue}`;
  const location = new RegExp(`${escapeRegExp(layout.url)}:(\\d+):(\\d+)`, 'g');
  const lines = stack.split('\n');
  const firstFrame = lines.findIndex((line) => /^\s+at /.test(line));
  const head = firstFrame < 0 ? lines : lines.slice(0, firstFrame);
  const frames = firstFrame < 0 ? [] : lines.slice(firstFrame);
  // The program's own frames (its opening and closing lines) point at no cell: they are left out.
  const mapped = frames.flatMap((frame) => {
    let inCell = false;
    const text = frame.replace(location, (found: string, line: string, column: string) => {
      const at = cellLocation(layout, Number(line), Number(column));
      inCell ||= at !== undefined;
      return at ?? found;
    });
    if (!frame.includes(layout.url)) return [{ text, inCell: false }];
    return inCell ? [{ text: text.replace(/^(\s+at )(?:async )?eval \((.*)\)$/, '$1$2'), inCell }] : [];
  });
  const lastCellFrame = mapped.findLastIndex((frame) => frame.inCell);
  const kept = (lastCellFrame < 0 ? mapped : mapped.slice(0, lastCellFrame + 1)).map((frame) => frame.text);
  return { ename, evalue, traceback: [...head, ...kept] };
}

/** `cell 3, line 2, column 7`: a program position as the cell's author sees it; undefined outside the cells. */
export function cellLocation(layout: ProgramLayout, stackLine: number, column: number): string | undefined {
  const line = stackLine - HEADER_LINES;
  const entry = layout.cells.find(({ cell, start }) => line >= start && line < start + cell.lines.length);
  if (!entry) return undefined;
  const { cell, start } = entry;
  const generatedLine = line - start;
  const generatedColumn = Math.max(0, column - 1 - (cell.shifted.get(generatedLine) ?? 0));
  const found = cell.map.findEntry(generatedLine, generatedColumn) as {
    originalLine?: number;
    originalColumn?: number;
  };
  const original =
    typeof found.originalLine === 'number'
      ? { line: found.originalLine + 1, column: (found.originalColumn ?? 0) + 1 }
      : { line: generatedLine + 1, column: generatedColumn + 1 };
  return `${cell.label}, line ${original.line}, column ${original.column}`;
}

function measureHeader(): number {
  try {
    new Function('throw new Error()\n//# sourceURL=omegats-probe')();
  } catch (error) {
    const line = /omegats-probe:(\d+):/.exec(String((error as Error).stack))?.[1];
    if (line !== undefined) return Number(line) - 1;
  }
  return 2;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
