/** A worker as it describes itself in its heartbeat. */
export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  labels: string[];
  contexts: string[];
  concurrency: number;
  /** ISO 8601 */
  started: string;
  /** ISO 8601 time of the last heartbeat. */
  heartbeat: string;
}

export interface QueueInfo {
  label: string;
  waiting: number;
  running: number;
  failed: number;
  succeeded: number;
  /** Live workers serving this context and label. */
  workers: number;
}

/** What `om runtime status` shows for one context. */
export interface RuntimeStatus {
  context: string;
  /** `local` when tasks run in-process; else the broker URL without password. */
  broker: string;
  workers: WorkerInfo[];
  queues: QueueInfo[];
  /** Labels with waiting tasks and no live worker: those tasks wait until one starts. */
  unserved: string[];
  /** Broker entries under `omega:workers:*` that are not a worker's description, skipped: `<key>: <why>`. */
  malformed?: string[];
}
