import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, all threads) a process has used so far, in ms: this process exactly,
 * another one from /proc/<pid>/stat (10 ms steps). undefined where /proc cannot tell (not Linux,
 * or a process of another machine or container).
 */
export function cpuMs(pid: number): number | undefined {
  if (pid === process.pid) {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "pid (comm) ": state is the 3rd field of the line, utime the 14th, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/** The pid of a local process whose name contains `name`, when /proc shows it; else undefined. */
export function localPid(pid: number | undefined, name: string): number | undefined {
  if (pid === undefined) return undefined;
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').includes(name) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Processes watched over a run: CPU ms each used in between `start()` and `stop()`. */
export class CpuMeter<K extends string> {
  private readonly before = new Map<K, number | undefined>();

  constructor(private readonly pids: Readonly<Record<K, number | undefined>>) {}

  start(): void {
    for (const [key, pid] of Object.entries(this.pids) as [K, number | undefined][]) {
      this.before.set(key, pid === undefined ? undefined : cpuMs(pid));
    }
  }

  /** CPU ms per process since `start()`; NaN where it could not be read. */
  stop(): Record<K, number> {
    const used = {} as Record<K, number>;
    for (const [key, pid] of Object.entries(this.pids) as [K, number | undefined][]) {
      const start = this.before.get(key);
      const end = pid === undefined ? undefined : cpuMs(pid);
      used[key] = start === undefined || end === undefined ? Number.NaN : end - start;
    }
    return used;
  }
}
