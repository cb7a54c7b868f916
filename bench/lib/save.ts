import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FOREST } from './forest.js';
import type { BenchOptions } from './options.js';
import type { BenchResults } from './results.js';
import type { RuntimeOptions } from './runtime-options.js';

export interface RunInfo {
  seconds: number;
  /** The 1-minute load average before and after the whole run. */
  load: { before: number; after: number };
}

/** Writes the run as JSON to bench/results/<time>.json and returns the file's path. */
export async function saveResults(
  options: BenchOptions,
  runtimeOptions: RuntimeOptions,
  results: BenchResults,
  run: RunInfo,
): Promise<string> {
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const saved = {
    at: new Date().toISOString(),
    ...run,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    options: {
      fileBytes: options.fileBytes,
      repeat: options.repeat,
      jsonCount: options.jsonCount,
      tableRows: options.tableRows,
      exportRows: options.exportRows,
      promoteRows: options.promoteRows,
      hotRows: options.hotRows,
      hotRepeat: options.hotRepeat,
      modelRepeat: options.modelRepeat,
      predictRows: options.predictRows,
      parts: [...options.parts],
      runtime: { ...runtimeOptions, redisUrl: undefined },
    },
    postgres: results.pgServer ?? null,
    loads: results.loads,
    sha256MBps: results.sha256MBps ?? null,
    file: results.file,
    json: results.json,
    table: results.table,
    table300k: results.tableHot,
    export: results.export,
    promotion: { ...results.promotion, crossContext: results.cross },
    promotion300k: results.promotionHot,
    models: {
      forest: FOREST,
      trainMs: results.trainMs ?? null,
      store: results.models,
      predict: results.predict ?? null,
    },
    runtime: results.runtime ?? null,
    rest: results.rest ?? null,
    notices: results.notices,
  };
  await writeFile(file, `${JSON.stringify(saved, null, 2)}\n`);
  return file;
}
