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

  constructor() {
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

  /** Nothing is recorded after this. */
  close(): void {
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

  private write(name: StreamName, text: string): void {
    if (this.closed || this.running === undefined) return;
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
