import { setFlagsFromString } from 'node:v8';

/**
 * Tunes V8's heap for a process that serves the REST API; `om serve` calls it before it builds
 * the server. It turns allocation-site pretenuring off. A request's objects outlive an
 * event-loop turn or two (the body arriving, the batched metadata check), and V8 may then judge
 * a whole allocation site long-lived and allocate its objects straight into the old generation,
 * where they die: old space grows ~1 MB per scavenge and is compacted every second, and the same
 * server answers 25k or 40k predictions/s from one start to the next (bench/rest.ts; 24–29 µs
 * CPU per prediction with this, 27–54 µs without). Process-wide, so the library never calls it
 * itself: an application that embeds `createServer` may.
 */
export function tuneHeapForServing(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
