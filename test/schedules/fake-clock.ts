import type { Clock } from '../../src/schedules/scheduler.js';

/** A clock that moves only when told: schedulers tick over simulated minutes in milliseconds. */
export class FakeClock implements Clock {
  private at: number;

  constructor(start: Date) {
    this.at = start.getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  async sleep(): Promise<void> {}

  advance(ms: number): void {
    this.at += ms;
  }
}

/** The start of the minute after `time`, plus `seconds`. */
export function nextMinute(time: Date, seconds = 0): Date {
  return new Date(Math.floor(time.getTime() / 60_000) * 60_000 + 60_000 + seconds * 1000);
}
