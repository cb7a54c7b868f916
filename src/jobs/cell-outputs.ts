import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import type { CellOutput } from './notebook.js';

type StreamName = 'stdout' | 'stderr';

/** Text written to one stream in a row, kept as pieces until the notebook is written. */
class StreamRun {
  constructor(
    readonly name: StreamName,
    readonly pieces: string[],
  ) {}
}

type Recorded = StreamRun | CellOutput;

/** Printed text a run keeps (UTF-16 code units, about bytes for ASCII): a result notebook stays loadable. */
export const MAX_PRINTED = 64 * 1024 * 1024;

/**
 * What the cells of one run print and give, cell by cell, in nbformat's output types: `stream`
 * (consecutive writes to one stream are one output), `execute_result` (the value of a cell's last
 * expression) and `error`. Writes go to the cell running when they happen; once the run has
 * ended (`close()`), later writes of work a cell left behind are dropped.
 */
export class CellOutputs {
  /** What the run's cells see as `console`: it writes into the running cell's outputs. */
  readonly console: Console;
  private readonly outputs = new Map<number, Recorded[]>();
  private readonly counts = new Map<number, number>();
  private running: number | undefined;
  private closed = false;
  private printed = 0;
  /** Where printing first went past the limit, and how much was dropped since. */
  private overflow: { index: number; dropped: number } | undefined;

  constructor(private readonly maxPrinted = MAX_PRINTED) {
    const stream = (name: StreamName) =>
      new Writable({
        decodeStrings: false,
        write: (chunk: unknown, _encoding, done) => {
          this.write(name, String(chunk));
          done();
        },
      });
    this.console = new Console({ stdout: stream('stdout'), stderr: stream('stderr'), colorMode: false });
  }

  /** The cell now running (its position in the notebook), numbered in the order cells run. */
  enter(index: number): void {
    if (this.closed) return;
    this.running = index;
    this.counts.set(index, this.counts.size + 1);
  }

  get current(): number | undefined {
    return this.running;
  }

  /** The value of a cell's last expression; `undefined` shows nothing, as in a REPL. */
  value(index: number, value: unknown): unknown {
    if (this.closed || value === undefined) return value;
    this.add(index, {
      output_type: 'execute_result',
      execution_count: this.counts.get(index) ?? null,
      data: { 'text/plain': inspect(value, { depth: 4, colors: false, maxStringLength: 100_000 }) },
      metadata: {},
    });
    return value;
  }

  error(index: number, ename: string, evalue: string, traceback: string[]): void {
    if (this.closed) return;
    this.add(index, { output_type: 'error', ename, evalue, traceback });
  }

  /** Nothing is recorded after this; text dropped past the limit is said on stderr of the cell where it began. */
  close(): void {
    if (this.closed) return;
    if (this.overflow) {
      const { index, dropped } = this.overflow;
      this.add(
        index,
        new StreamRun('stderr', [
          `[omegats: ${dropped} more characters of output past the ${this.maxPrinted} a run keeps were dropped]\n`,
        ]),
      );
    }
    this.closed = true;
  }

  /** The execution count of a cell that ran, else null. */
  executionCount(index: number): number | null {
    return this.counts.get(index) ?? null;
  }

  /** The outputs of a cell, as the notebook stores them. */
  of(index: number): CellOutput[] {
    return (this.outputs.get(index) ?? []).map((output) =>
      output instanceof StreamRun ? { output_type: 'stream', name: output.name, text: output.pieces.join('') } : output,
    );
  }

  private write(name: StreamName, whole: string): void {
    if (this.closed || this.running === undefined) return;
    const room = this.maxPrinted - this.printed;
    const text = whole.length <= room ? whole : whole.slice(0, Math.max(0, room));
    if (text.length < whole.length) {
      this.overflow ??= { index: this.running, dropped: 0 };
      this.overflow.dropped += whole.length - text.length;
    }
    this.printed += text.length;
    if (text === '') return;
    const list = this.outputs.get(this.running) ?? [];
    const last = list.at(-1);
    if (last instanceof StreamRun && last.name === name) last.pieces.push(text);
    else this.add(this.running, new StreamRun(name, [text]));
  }

  private add(index: number, output: Recorded): void {
    const list = this.outputs.get(index) ?? [];
    list.push(output);
    this.outputs.set(index, list);
  }
}
