import type { ModelStoreResult, PredictResult } from '../models.js';
import type { CrossPromoteResult, PromoteResult, PromoteSource } from '../promotion.js';
import type { RestResult } from '../rest.js';
import type { RuntimeResult } from '../runtime.js';
import type { FileResult } from '../storage-file.js';
import type { JsonResult } from '../storage-json.js';
import type { ExportResult, TableResult } from '../storage-table.js';
import type { PgServerInfo } from './contexts.js';
import type { BenchPart } from './options.js';

/** The load averages (1, 5, 15 min, as `uptime` shows them) before and after one benchmark. */
export interface PartLoad {
  part: BenchPart;
  before: number[];
  after: number[];
}

/** Promotions inside one database: the sources loaded, and the promotions measured. */
export interface PromotionResults {
  sources: PromoteSource[];
  sameDatabase: PromoteResult[];
}

/** Everything one `npm run bench` measured, filled in by the benchmarks that ran. */
export interface BenchResults {
  pgServer: PgServerInfo | undefined;
  notices: string[];
  loads: PartLoad[];
  sha256MBps: number | undefined;
  file: FileResult[];
  json: JsonResult[];
  table: TableResult[];
  /** The 300,000-row case (part table-300k). */
  tableHot: TableResult[];
  export: ExportResult[];
  promotion: PromotionResults;
  cross: CrossPromoteResult[];
  /** The 300,000-row case (part promotion-300k). */
  promotionHot: PromotionResults;
  models: ModelStoreResult[];
  predict: PredictResult | undefined;
  trainMs: number | undefined;
  runtime: RuntimeResult | undefined;
  rest: RestResult | undefined;
}

export function emptyResults(): BenchResults {
  return {
    pgServer: undefined,
    notices: [],
    loads: [],
    sha256MBps: undefined,
    file: [],
    json: [],
    table: [],
    tableHot: [],
    export: [],
    promotion: { sources: [], sameDatabase: [] },
    cross: [],
    promotionHot: { sources: [], sameDatabase: [] },
    models: [],
    predict: undefined,
    trainMs: undefined,
    runtime: undefined,
    rest: undefined,
  };
}
