import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SetupOptions } from '../../src/config/context-spec.js';
import { NotFoundError, ValidationError } from '../../src/errors.js';
import type { Omega } from '../../src/omega.js';
import { type FiredRun, Scheduler, type SchedulerEvents } from '../../src/schedules/scheduler.js';
import { setup } from '../../src/setup.js';
import { ENGINES, type TestSite, testSite } from '../helpers/engines.js';
import { FakeClock, nextMinute } from './fake-clock.js';
import { RECORDER, runsIn } from './recorder-script.js';

/** Events collected instead of printed. */
interface Recorded extends SchedulerEvents {
  readonly done: FiredRun[];
  readonly failures: string[];
  readonly removedKeys: string[];
}

function recorder(): Recorded {
  const events: Recorded = {
    done: [],
    failures: [],
    removedKeys: [],
    fired: () => undefined,
    finished(run, outcome) {
      if (outcome.ok) events.done.push(run);
      else events.failures.push(outcome.reason);
    },
    removed: (_context, key) => events.removedKeys.push(`${key.prefix}${key.name}`),
    error: (_context, message) => events.failures.push(message),
  };
  return events;
}

for (const engine of ENGINES) {
  describe(`om scheduler: leases and catch-up (${engine})`, () => {
    let site: TestSite;
    let options: SetupOptions;
    let om: Omega;
    before(async () => {
      site = testSite(engine);
      options = site.context('sched');
      om = await setup(options);
    });
    after(async () => {
      await om.close();
      await site.cleanup();
    });

    it('schedule, getSchedule and dropSchedule on om.scripts and om.jobs', async () => {
      await om.scripts.put(RECORDER, 'api');
      const info = await om.scripts.schedule('api', { text: 'weekdays at 08:30', timezone: 'Europe/Zurich' });
      assert.equal(info.cron, '30 8 * * 1-5');
      assert.equal(info.text, 'weekdays at 08:30');
      assert.equal(info.description, 'At 08:30, Monday through Friday');
      assert.equal(info.next.length, 5);
      const shown = await om.scripts.getSchedule('api', { next: 2 });
      assert.deepEqual(shown?.next.length, 2);
      assert.ok((shown?.next[0] as Date) > new Date());
      await om.scripts.schedule('api', { cron: '0 6 * * *', timezone: 'UTC' });
      assert.equal((await om.scripts.getSchedule('api'))?.text, undefined, 'a new schedule replaces the old one');
      assert.equal(await om.scripts.dropSchedule('api'), true);
      assert.equal(await om.scripts.dropSchedule('api'), false);
      assert.equal(await om.scripts.getSchedule('api'), null);

      await om.jobs.create('1 + 1', 'report');
      await om.jobs.schedule('report.ipynb', { text: 'every 5 minutes', timezone: 'UTC' });
      assert.equal((await om.jobs.getSchedule('report'))?.cron, '*/5 * * * *', 'name and name.ipynb are one job');
      assert.equal(await om.jobs.dropSchedule('report.ipynb'), true);
    });

    it('a missing object is a NotFoundError, bad input a ValidationError, and nothing is stored', async () => {
      await assert.rejects(om.scripts.schedule('nowhere', { text: 'daily' }), NotFoundError);
      await assert.rejects(om.jobs.getSchedule('nowhere'), NotFoundError);
      await om.scripts.put(RECORDER, 'strict');
      await assert.rejects(om.scripts.schedule('strict', { text: 'every blue moon' }), ValidationError);
      await assert.rejects(om.scripts.schedule('strict', { cron: '* * *' }), ValidationError);
      await assert.rejects(om.scripts.schedule('strict', { text: 'daily', timezone: 'Nowhere/Land' }), ValidationError);
      await assert.rejects(om.scripts.getSchedule('strict', { next: -1 }), ValidationError);
      assert.equal(await om.scripts.getSchedule('strict'), null);
    });

    it('two schedulers on one context fire each due time exactly once over ten simulated minutes', async () => {
      const bucket = om.bucket('pair');
      await bucket.scripts.put(RECORDER, 'tick');
      await bucket.scripts.schedule('tick', { text: 'every minute', timezone: 'UTC' });
      const [a, b] = [await setup(options), await setup(options)];
      const clock = new FakeClock(nextMinute(new Date(), -1));
      const events = [recorder(), recorder()];
      const schedulers = [a, b].map((handle, i) => new Scheduler([handle], { clock, events: events[i] as Recorded }));
      const fired: FiredRun[] = [];
      try {
        for (let step = 0; step < 40; step++) {
          clock.advance(15_000);
          for (const runs of await Promise.all(schedulers.map((s) => s.tick()))) fired.push(...runs);
        }
        await Promise.all(schedulers.map((s) => s.drain()));
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
      const dues = fired.map((run) => run.due.toISOString()).sort();
      assert.equal(dues.length, 10, `one run per minute, got ${dues.join(', ')}`);
      assert.equal(new Set(dues).size, 10, 'no due time fired twice');
      assert.deepEqual(await runsIn(bucket), dues, 'each run ran once, in bucket pair');
      assert.deepEqual(
        events.flatMap((e) => e.failures),
        [],
      );
      await bucket.scripts.dropSchedule('tick');
    });

    it('a scheduler killed and restarted catches up with one run, not a burst', async () => {
      const bucket = om.bucket('restart');
      await bucket.scripts.put(RECORDER, 'tick');
      await bucket.scripts.schedule('tick', { text: 'every minute', timezone: 'UTC' });
      const clock = new FakeClock(nextMinute(new Date(), 5));
      const first = await setup(options);
      const before = new Scheduler([first], { clock, events: recorder() });
      assert.equal((await before.tick()).length, 1, 'the first due minute fires');
      await before.drain();
      await first.close(); // killed: nothing fires for ten minutes
      clock.advance(10 * 60_000);
      const second = await setup(options);
      try {
        const after = new Scheduler([second], { clock, events: recorder() });
        const caughtUp = await after.tick();
        assert.equal(caughtUp.length, 1, 'ten missed minutes: one run');
        assert.equal(
          caughtUp[0]?.due.toISOString(),
          new Date(Math.floor(clock.now().getTime() / 60_000) * 60_000).toISOString(),
          'for the latest due time',
        );
        assert.equal((await after.tick()).length, 0, 'and nothing more at the same time');
        clock.advance(60_000);
        assert.equal((await after.tick()).length, 1, 'then one a minute again');
        await after.drain();
      } finally {
        await second.close();
      }
      assert.equal((await runsIn(bucket)).length, 3);
      await bucket.scripts.dropSchedule('tick');
    });

    it('a script of bucket dev runs in dev; a dropped script’s schedule is removed', async () => {
      const dev = om.bucket('dev');
      await dev.scripts.put(RECORDER, 'nightly');
      await dev.scripts.schedule('nightly', { text: 'every day at 02:00', timezone: 'Asia/Tokyo' });
      const next = (await dev.scripts.getSchedule('nightly'))?.next[0] as Date;
      const clock = new FakeClock(new Date(next.getTime() + 200));
      const events = recorder();
      const scheduler = new Scheduler([om], { clock, events });
      const [run] = await scheduler.tick();
      await scheduler.drain();
      assert.equal(run?.key.bucket, 'dev');
      assert.equal(run?.due.toISOString(), next.toISOString());
      assert.deepEqual(await runsIn(dev), [next.toISOString()]);
      assert.deepEqual(await runsIn(om), [], 'nothing ran in the default bucket');
      assert.deepEqual(events.failures, []);

      await dev.scripts.drop('nightly');
      clock.advance(24 * 3600_000);
      assert.deepEqual(await scheduler.tick(), []);
      assert.deepEqual(events.removedKeys, ['scripts/nightly']);
      assert.equal((await om.schedules().list()).length, 0);
    });

    it('a scheduled job of bucket dev runs in dev: its result notebook and history are there', async () => {
      const dev = om.bucket('dev');
      await dev.jobs.create('const bucket = om.bucketName;\nbucket', 'nightly-report');
      await dev.jobs.schedule('nightly-report.ipynb', { text: 'every 15 minutes', timezone: 'UTC' });
      const next = (await dev.jobs.getSchedule('nightly-report'))?.next[0] as Date;
      const events = recorder();
      const scheduler = new Scheduler([om], { clock: new FakeClock(new Date(next.getTime() + 50)), events });
      const [run] = await scheduler.tick();
      await scheduler.drain();
      assert.deepEqual(events.failures, []);
      assert.equal(run?.key.prefix, 'jobs/');
      const runs = await dev.jobs.runs('nightly-report');
      assert.equal(runs.length, 1);
      assert.equal(runs[0]?.status, 'ok');
      assert.equal(runs[0]?.task, run?.taskId);
      assert.ok(await dev.jobs.metadata(runs[0]?.result as string), 'the result notebook is in dev');
      assert.equal(await om.jobs.metadata('nightly-report'), null, 'nothing in the default bucket');
      await dev.jobs.dropSchedule('nightly-report');
    });

    it('one claim per due time: a batch claims each schedule once, whatever else it holds', async () => {
      const bucket = om.bucket('claims');
      for (const name of ['a', 'b', 'c']) await bucket.scripts.put(RECORDER, name);
      await bucket.scripts.schedule('a', { cron: '* * * * *', timezone: 'UTC' });
      await bucket.scripts.schedule('b', { cron: '* * * * *', timezone: 'UTC' });
      await bucket.scripts.schedule('c', { cron: '*/5 * * * *', timezone: 'UTC' });
      const schedules = om.schedules();
      const rows = (await schedules.list()).filter((row) => row.bucket === 'claims');
      const byName = (name: string) => rows.find((row) => row.name === name) as (typeof rows)[number];
      const due = new Date(Math.ceil(Date.now() / 300_000) * 300_000);
      const now = new Date(due.getTime() + 1000);
      const [a] = await schedules.claimAll([await schedules.dueAt(byName('a'), due, now)]);
      assert.equal(a, true);
      const runs = await Promise.all(['a', 'b', 'c'].map((name) => schedules.dueAt(byName(name), due, now)));
      assert.deepEqual(await schedules.claimAll(runs), [false, true, true], 'a was claimed already');
      assert.deepEqual(await schedules.claimAll(runs), [false, false, false]);
      for (const name of ['a', 'b', 'c']) await bucket.scripts.dropSchedule(name);
    });

    it('a context with a broker is refused: its workers fire its schedules', async () => {
      const brokered = { ...om, spec: { ...om.spec, broker: 'redis://127.0.0.1:1/0' }, context: 'b' } as Omega;
      assert.throws(() => new Scheduler([brokered], { events: recorder() }), /has a broker: its workers/);
    });
  });
}
