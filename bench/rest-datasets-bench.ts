import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { RecordBatchReader } from 'apache-arrow';
import type { Omega } from '../src/omega.js';
import type { BenchRun } from './benches.js';
import type { EngineName } from './lib/contexts.js';
import type { ServerJob } from './lib/rest-server-child.js';
import { num, ratio, renderTable } from './lib/table.js';
import type { BenchRow } from './lib/table-rows.js';
import { mbPerSecond, median, timeMs } from './lib/timing.js';

/** The goals: a GET streams at ≥ 0.6× the in-process read, in < 300 MB of server RSS. */
const GOAL_RATIO = 0.6;
const RSS_LIMIT_MB = 300;
const LOAD_CHUNK = 250_000;
/** Rows per chunk of the in-process read: the server's own chunk size. */
const CHUNK_ROWS = 5_000;
const FORMATS = {
  ndjson: 'application/x-ndjson',
  arrow: 'application/vnd.apache.arrow.stream',
} as const;
type Format = keyof typeof FORMATS;

/** One format on one engine: the server's GET against `getl().chunks()` in-process, over the same rows. */
export interface RestDatasetResult {
  engine: EngineName;
  format: Format;
  rows: number;
  /** The response's size; MB/s of both sides are these bytes over their time. */
  bytes: number;
  inProcessMs: number;
  serverMs: number;
  inProcessMBps: number;
  serverMBps: number;
  /** serverMBps / inProcessMBps (>1: the server is faster). */
  ratio: number;
  serverStartRssMB: number;
  serverPeakRssMB: number;
}

/** `rest-datasets`: GET /api/v1/dataset/<name> of `tableRows` rows as NDJSON and Arrow, server in a child process. */
export async function benchRestDatasets({ options, engines, home, results, log, rows }: BenchRun): Promise<void> {
  const count = options.tableRows;
  for (const target of engines) {
    log(`${target.engine}: loading ${count} rows for the REST dataset GET`);
    await load(target.om, rows(Math.min(count, LOAD_CHUNK)), count);
    const server = await startServer({ home, ...target.args });
    try {
      for (const format of Object.keys(FORMATS) as Format[]) {
        log(
          `${target.engine}: GET as ${format} through the server vs getl().chunks(), ${options.repeat} × ${count} rows`,
        );
        const inProcess: number[] = [];
        const served: number[] = [];
        let bytes = 0;
        for (let i = 0; i < options.repeat; i++) {
          inProcess.push(await timeMs(() => readInProcess(target.om, count)));
          served.push(await timeMs(async () => (bytes = await readThroughServer(server.port, format, count))));
        }
        const inProcessMs = median(inProcess);
        const serverMs = median(served);
        results.restDatasets.push({
          engine: target.engine,
          format,
          rows: count,
          bytes,
          inProcessMs,
          serverMs,
          inProcessMBps: mbPerSecond(bytes, inProcessMs),
          serverMBps: mbPerSecond(bytes, serverMs),
          ratio: inProcessMs / serverMs,
          serverStartRssMB: server.startRssMB,
          serverPeakRssMB: 0,
        });
      }
    } finally {
      const peakRssMB = await server.stop();
      for (const result of results.restDatasets)
        if (result.engine === target.engine) result.serverPeakRssMB = peakRssMB;
      await target.om.datasets.drop('rest', { force: true });
    }
  }
}

export function restDatasetsTable(results: readonly RestDatasetResult[]): string {
  return renderTable(
    [
      { header: 'engine' },
      { header: 'format' },
      { header: 'MB', align: 'right' },
      { header: 'in-process MB/s', align: 'right' },
      { header: 'server MB/s', align: 'right' },
      { header: 'ratio', align: 'right' },
      { header: `goal ≥ ${GOAL_RATIO}` },
      { header: 'server RSS start/peak MB', align: 'right' },
      { header: `limit ${RSS_LIMIT_MB}` },
    ],
    results.map((r) => [
      r.engine,
      r.format,
      num(r.bytes / 2 ** 20, 0),
      num(r.inProcessMBps),
      num(r.serverMBps),
      ratio(r.ratio),
      r.ratio >= GOAL_RATIO ? 'ok' : 'BELOW',
      `${num(r.serverStartRssMB, 0)}/${num(r.serverPeakRssMB, 0)}`,
      r.serverPeakRssMB < RSS_LIMIT_MB ? 'ok' : 'OVER',
    ]),
  );
}

async function load(om: Omega, base: readonly BenchRow[], count: number): Promise<void> {
  for (let first = 0; first < count; first += LOAD_CHUNK) {
    const chunk = Array.from({ length: Math.min(LOAD_CHUNK, count - first) }, (_, i) => ({
      ...(base[(first + i) % base.length] as BenchRow),
      id: first + i,
    }));
    await om.datasets.put(chunk, 'rest', { append: first > 0 });
  }
}

async function readInProcess(om: Omega, count: number): Promise<void> {
  let rows = 0;
  for await (const chunk of om.datasets.getl('rest').chunks(CHUNK_ROWS)) rows += chunk.length;
  if (rows !== count) throw new Error(`in-process read: ${rows} rows for ${count}`);
}

/** GETs the dataset as `format`, reading it as a client would (lines counted, Arrow batches decoded); its bytes. */
async function readThroughServer(port: number, format: Format, count: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/dataset/rest`, {
    headers: { accept: FORMATS[format] },
  });
  if (!response.ok || !response.body) throw new Error(`GET as ${format}: ${response.status} ${await response.text()}`);
  let bytes = 0;
  let rows = 0;
  const body = countingBytes(response.body, (n) => {
    bytes += n;
  });
  if (format === 'arrow') {
    for await (const batch of await RecordBatchReader.from(body)) rows += batch.numRows;
  } else {
    for await (const chunk of body) for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) rows++;
  }
  if (rows !== count) throw new Error(`GET as ${format}: ${rows} rows for ${count}`);
  return bytes;
}

async function* countingBytes(body: AsyncIterable<Uint8Array>, add: (n: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of body) {
    add(chunk.byteLength);
    yield chunk;
  }
}

interface ServerChild {
  port: number;
  startRssMB: number;
  /** Closes the server; its peak RSS (MB). */
  stop(): Promise<number>;
}

async function startServer(job: ServerJob): Promise<ServerChild> {
  const script = fileURLToPath(new URL('./lib/rest-server-child.ts', import.meta.url));
  const child: ChildProcessByStdio<Writable, Readable, null> = spawn(
    process.execPath,
    ['--import', 'tsx', script, JSON.stringify(job)],
    { cwd: fileURLToPath(new URL('../', import.meta.url)), stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error('the REST server child exited early');
    return JSON.parse(line.value) as Record<string, number>;
  };
  const { port, startRssMB } = (await next()) as { port: number; startRssMB: number };
  return {
    port,
    startRssMB,
    async stop() {
      child.stdin.end('stop\n');
      const { peakRssMB } = (await next()) as { peakRssMB: number };
      if (child.exitCode === null) await once(child, 'exit');
      return peakRssMB;
    },
  };
}
