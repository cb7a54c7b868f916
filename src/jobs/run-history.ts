import { ValidationError } from '../errors.js';

/** One run of a job, as `om.jobs.runs(name)` gives it (API.md §12). */
export interface JobRun {
  status: 'ok' | 'error';
  /** When the run started. */
  at: Date;
  seconds: number;
  /** The result notebook's name in `om.jobs` (`results/<name>_<stamp>.ipynb`). */
  result: string;
  /** The first line of the error; null when the run was ok. */
  message: string | null;
  /** The runtime task that ran it. */
  task: string;
}

/** How many runs a job's history keeps (the oldest go first). */
export const RUNS_KEPT = 1000;

/** The attribute of a job's metadata that holds its history (omega|ml: `job_runs`). */
const RUNS = 'runs';

type StoredRun = Omit<JobRun, 'at'> & { at: string };

/** The runs recorded in a job's attributes, oldest first; entries that are not runs are skipped. */
export function runsOf(attributes: Record<string, unknown>): JobRun[] {
  const stored = attributes[RUNS];
  if (!Array.isArray(stored)) return [];
  return stored.filter(isStoredRun).map((run) => ({ ...run, at: new Date(run.at) }));
}

/** The attributes with `run` appended, unless a run of the same task is there already (a retried task). */
export function withRun(attributes: Record<string, unknown>, run: JobRun): Record<string, unknown> {
  const runs = runsOf(attributes);
  if (runs.some((recorded) => recorded.task === run.task)) return attributes;
  const next = [...runs, run].slice(-RUNS_KEPT).map((r) => ({ ...r, at: r.at.toISOString() }));
  return { ...attributes, [RUNS]: next };
}

/** The run of `task`, if it was recorded. */
export function runOfTask(attributes: Record<string, unknown>, task: string): JobRun | undefined {
  return runsOf(attributes).find((run) => run.task === task);
}

/** `report` → `results/report_20261207T062500.123Z.ipynb`: where a run of `time` stores its notebook. */
export function resultName(job: string, time: Date): string {
  if (Number.isNaN(time.getTime())) throw new ValidationError('a run needs a valid time');
  const stamp = time.toISOString().replace(/[-:]/g, '');
  return `results/${job}_${stamp}.ipynb`;
}

function isStoredRun(value: unknown): value is StoredRun {
  const run = value as Partial<StoredRun> | null;
  return (
    typeof run === 'object' &&
    run !== null &&
    (run.status === 'ok' || run.status === 'error') &&
    typeof run.at === 'string' &&
    typeof run.result === 'string' &&
    typeof run.task === 'string'
  );
}
