import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../src/errors.js';
import { latestDue, nextTimes, resolveSchedule } from '../../src/schedules/cron-schedule.js';
import { describeCron } from '../../src/schedules/describe-cron.js';
import { TEXT_FORMS, textToCron } from '../../src/schedules/schedule-text.js';

const TEXT_TO_CRON: [string, string][] = [
  ['every minute', '* * * * *'],
  ['every 5 minutes', '*/5 * * * *'],
  ['Every 15 Minutes.', '*/15 * * * *'],
  ['every 1 minute', '* * * * *'],
  ['every hour', '0 * * * *'],
  ['every 2 hours', '0 */2 * * *'],
  ['hourly', '0 * * * *'],
  ['daily', '0 0 * * *'],
  ['weekly', '0 0 * * 0'],
  ['monthly', '0 0 1 * *'],
  ['every day at 06:00', '0 6 * * *'],
  ['every day at 6:05', '5 6 * * *'],
  ['daily at 6pm', '0 18 * * *'],
  ['daily at 12am', '0 0 * * *'],
  ['each day at noon', '0 12 * * *'],
  ['every day at midnight', '0 0 * * *'],
  ['every day at 18:00 and 06:00', '0 6,18 * * *'],
  ['every day at 06:30, 12:30', '30 6,12 * * *'],
  ['weekdays at 08:30', '30 8 * * 1-5'],
  ['every weekday at 8:30am', '30 8 * * 1-5'],
  ['weekends at 10:00', '0 10 * * 0,6'],
  ['every monday at 9:00', '0 9 * * 1'],
  ['on mondays at 9', '0 9 * * 1'],
  ['mondays and fridays at 9:00', '0 9 * * 1,5'],
  ['friday, monday & wednesday at 7:00', '0 7 * * 1,3,5'],
  ['monday to friday at 7:15', '15 7 * * 1-5'],
  ['mon-fri at 7:15', '15 7 * * 1-5'],
  ['sundays', '0 0 * * 0'],
  ['every thursday at 23:59', '59 23 * * 4'],
  ['every 15 minutes on weekdays', '*/15 * * * 1-5'],
  ['every 2 hours on weekends', '0 */2 * * 0,6'],
  ['every month on the 1st at 06:00', '0 6 1 * *'],
  ['monthly on day 15 at 7pm', '0 19 15 * *'],
];

describe('schedules: plain text to cron', () => {
  for (const [text, cron] of TEXT_TO_CRON) {
    it(`${JSON.stringify(text)} → ${cron}`, () => assert.equal(textToCron(text), cron));
  }

  it('every documented form is read', () => {
    for (const form of TEXT_FORMS) assert.doesNotThrow(() => textToCron(form), form);
  });

  const BAD: [string, RegExp][] = [
    ['every fortnight', /cannot read "every fortnight" as a schedule.*Accepted: .*"every 5 minutes"/],
    ['every 7 minutes', /divide the hour evenly \(1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30\)/],
    ['every 5 hours', /divide the day evenly/],
    ['every day at 25:00', /25:00 is not a time of day/],
    ['every day at 13pm', /with am\/pm the hour is 1 to 12/],
    ['every day at 06:00 and 18:30', /differ in their minutes/],
    ['every month on the 32nd', /not a day of the month/],
    ['monday to friday and sunday', /a range of days is written alone/],
    ['', /cannot read "" as a schedule/],
  ];
  for (const [text, message] of BAD) {
    it(`${JSON.stringify(text)} is a ValidationError`, () => {
      assert.throws(
        () => textToCron(text),
        (error: unknown) => {
          assert.ok(error instanceof ValidationError);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
});

describe('schedules: cron, timezones and next times', () => {
  it('text and cron resolve to one schedule; text that is a cron expression is taken as one', () => {
    assert.deepEqual(resolveSchedule({ text: 'weekdays at 08:30', timezone: 'Europe/Zurich' }), {
      cron: '30 8 * * 1-5',
      timezone: 'Europe/Zurich',
      text: 'weekdays at 08:30',
    });
    assert.deepEqual(resolveSchedule({ cron: ' 0  6 * * mon-fri ', timezone: 'UTC' }), {
      cron: '0 6 * * mon-fri',
      timezone: 'UTC',
    });
    assert.deepEqual(resolveSchedule({ text: '*/10 * * * *', timezone: 'UTC' }), {
      cron: '*/10 * * * *',
      timezone: 'UTC',
    });
  });

  it('the timezone defaults to this machine’s, stored by name', () => {
    const { timezone } = resolveSchedule({ text: 'daily' });
    assert.equal(timezone, Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  const BAD: [Parameters<typeof resolveSchedule>[0], RegExp][] = [
    [{}, /needs either cron or text/],
    [{ cron: '* * * * *', text: 'daily' }, /needs either cron or text \(not both\)/],
    [{ cron: '0 6 * * * *' }, /has 6 fields, not 5.*Accepted/],
    [{ cron: '0 6 * *' }, /has 4 fields, not 5/],
    [{ cron: '61 6 * * *' }, /is not valid: Invalid value for minute: 61/],
    [{ cron: '0 6 * * funday' }, /is not valid/],
    [{ text: 'daily', timezone: 'Mars/Olympus_Mons' }, /unknown timezone "Mars\/Olympus_Mons": use an IANA name/],
  ];
  for (const [input, message] of BAD) {
    it(`${JSON.stringify(input)} is a ValidationError`, () => {
      assert.throws(
        () => resolveSchedule(input),
        (error: unknown) => {
          assert.ok(error instanceof ValidationError);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }

  const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

  it('next times follow the timezone', () => {
    const from = new Date('2026-12-07T12:00:00Z'); // a Monday
    const weekdays = resolveSchedule({ text: 'weekdays at 08:30', timezone: 'America/New_York' });
    assert.deepEqual(iso(nextTimes(weekdays, 3, from)), [
      '2026-12-07T13:30:00.000Z',
      '2026-12-08T13:30:00.000Z',
      '2026-12-09T13:30:00.000Z',
    ]);
    const friday = resolveSchedule({ text: 'fridays at 9:00', timezone: 'Asia/Tokyo' });
    assert.deepEqual(iso(nextTimes(friday, 2, from)), ['2026-12-11T00:00:00.000Z', '2026-12-18T00:00:00.000Z']);
    const every5 = resolveSchedule({ text: 'every 5 minutes', timezone: 'Asia/Kolkata' });
    assert.deepEqual(iso(nextTimes(every5, 2, from)), ['2026-12-07T12:05:00.000Z', '2026-12-07T12:10:00.000Z']);
  });

  it('a daily time keeps its wall-clock hour across the spring DST change (Europe/Zurich, 29 March 2026)', () => {
    const daily = resolveSchedule({ text: 'every day at 06:00', timezone: 'Europe/Zurich' });
    assert.deepEqual(iso(nextTimes(daily, 3, new Date('2026-03-27T12:00:00Z'))), [
      '2026-03-28T05:00:00.000Z', // CET, UTC+1
      '2026-03-29T04:00:00.000Z', // CEST, UTC+2
      '2026-03-30T04:00:00.000Z',
    ]);
  });

  it('a time in the skipped hour fires once, right after the gap; one in the repeated hour fires once', () => {
    const spring = resolveSchedule({ cron: '30 2 * * *', timezone: 'Europe/Zurich' });
    assert.deepEqual(iso(nextTimes(spring, 2, new Date('2026-03-28T12:00:00Z'))), [
      '2026-03-29T01:00:00.000Z', // 02:30 does not exist: 03:00 CEST
      '2026-03-30T00:30:00.000Z',
    ]);
    const autumn = resolveSchedule({ cron: '30 2 * * *', timezone: 'Europe/Zurich' });
    assert.deepEqual(iso(nextTimes(autumn, 2, new Date('2026-10-24T12:00:00Z'))), [
      '2026-10-25T00:30:00.000Z', // the first 02:30 (CEST) only
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  it('the latest due time includes the instant itself', () => {
    const every5 = resolveSchedule({ text: 'every 5 minutes', timezone: 'UTC' });
    assert.equal(latestDue(every5, new Date('2026-12-07T12:05:00Z'))?.toISOString(), '2026-12-07T12:05:00.000Z');
    assert.equal(latestDue(every5, new Date('2026-12-07T12:09:59Z'))?.toISOString(), '2026-12-07T12:05:00.000Z');
  });

  it('cronstrue describes the cron expression', async () => {
    assert.equal(await describeCron('30 8 * * 1-5'), 'At 08:30, Monday through Friday');
    assert.equal(await describeCron('*/5 * * * *'), 'Every 5 minutes');
  });
});
