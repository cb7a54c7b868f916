import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { runOm } from '../../src/cli/program.js';
import { setup } from '../../src/setup.js';
import { cliSuite } from '../cli/om-cli.js';
import { RECORDER, runsIn } from './recorder-script.js';

describe('om jobs|scripts schedule, om runtime status and om scheduler', () => {
  const t = cliSuite('sqlite');

  before(async () => {
    const om = await setup({ home: t.site.home, context: t.site.contextName });
    await om.jobs.create('1 + 1', 'report');
    await om.scripts.put(RECORDER, 'tick');
    await om.close();
  });

  it('schedules from text, shows the cron, its description and the next times, and deletes', async () => {
    const set = await t.site.omc(['jobs', 'schedule', 'report', 'every 5 minutes', '--timezone', 'UTC']);
    assert.equal(set.status, 0, set.stderr);
    const lines = set.out.trimEnd().split('\n');
    assert.deepEqual(lines.slice(0, 5), [
      'scheduled jobs/report (bucket default)',
      'cron: */5 * * * * (from "every 5 minutes")',
      'description: Every 5 minutes',
      'timezone: UTC',
      'next:',
    ]);
    assert.equal(lines.length, 10, 'five next times');
    assert.match(lines[5] ?? '', /^ {2}\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC {2}\(\d{4}-.*Z\)$/);

    const show = await t.site.omc(['jobs', 'schedule', 'report.ipynb', 'show', '--next', '2']);
    assert.equal(show.status, 0, show.stderr);
    assert.equal(show.out.trimEnd().split('\n').length, 6, 'cron, description, timezone, next: and two times');
    const bare = await t.site.omc(['jobs', 'schedule', 'report', '--next', '1', '--json']);
    const json = JSON.parse(bare.out) as { cron: string; timezone: string; next: string[]; description: string };
    assert.equal(json.cron, '*/5 * * * *');
    assert.equal(json.next.length, 1);

    const drop = await t.site.omc(['jobs', 'schedule', 'report', 'delete']);
    assert.equal(drop.out, 'deleted the schedule of jobs/report (bucket default)\n');
    assert.equal(
      (await t.site.omc(['jobs', 'schedule', 'report'])).out,
      'jobs/report (bucket default) has no schedule\n',
    );
  });

  it('takes --cron and --timezone; bad input says what was wrong and what is accepted', async () => {
    const cron = await t.site.omc([
      'scripts',
      'schedule',
      'tick',
      '--cron',
      '0 6 * * mon-fri',
      '--timezone',
      'Europe/Zurich',
    ]);
    assert.equal(cron.status, 0, cron.stderr);
    assert.match(cron.out, /^cron: 0 6 \* \* mon-fri$/m);
    assert.match(cron.out, /^description: At 06:00, Monday through Friday$/m);
    assert.match(cron.out, /^ {2}\d{4}-\d{2}-\d{2} 06:00 Europe\/Zurich/m);

    const text = await t.site.omc(['jobs', 'schedule', 'report', 'every fortnight']);
    assert.notEqual(text.status, 0);
    assert.match(text.stderr, /cannot read "every fortnight" as a schedule\. Accepted: .*"weekdays at 08:30"/);
    const zone = await t.site.omc(['jobs', 'schedule', 'report', 'daily', '--timezone', 'Atlantis/Capital']);
    assert.match(zone.stderr, /unknown timezone "Atlantis\/Capital"/);
    const both = await t.site.omc(['jobs', 'schedule', 'report', 'delete', '--cron', '* * * * *']);
    assert.match(both.stderr, /do not go with delete/);
    const missing = await t.site.omc(['jobs', 'schedule', 'nowhere', 'daily']);
    assert.match(missing.stderr, /jobs\/nowhere \(bucket default\) does not exist/);
  });

  it('om runtime status lists the schedules with their next run', async () => {
    const status = await t.site.omc(['runtime', 'status']);
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.out, /^schedules \(1, fired by om scheduler\):$/m);
    assert.match(status.out, /^ {2}scripts\/tick +default +0 6 \* \* mon-fri +Europe\/Zurich +\d{4}-\S+Z +-$/m);
    const json = JSON.parse((await t.site.omc(['runtime', 'status', '--json'])).out) as {
      schedules: { object: string; next: string }[];
    };
    assert.equal(json.schedules[0]?.object, 'scripts/tick');
  });

  it('om scheduler started after its schedules were missed fires them once, then stops on a signal', async () => {
    await t.site.omc(['scripts', 'schedule', 'tick', 'every minute', '--timezone', 'UTC']);
    // As if no scheduler had run for ten minutes.
    const db = new Database(join(t.site.home, t.site.store.slice('sqlite:'.length)));
    db.prepare('update omega_schedule set next_due = ?').run(new Date(Date.now() - 600_000).toISOString());
    db.close();

    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    let stop: (signal: string) => void = () => undefined;
    const stopped = new Promise<string>((resolve) => {
      stop = resolve;
    });
    const env: NodeJS.ProcessEnv = { ...process.env, OMEGA_HOME: t.site.home };
    for (const name of ['OMEGA_CONTEXT', 'OMEGA_CONFIG', 'OMEGA_STORE_URL', 'OMEGA_BROKER_URL', 'OMEGA_BUCKET']) {
      delete env[name];
    }
    const running = runOm(['--context', t.site.contextName, 'scheduler'], {
      stdin: Readable.from([]),
      stdout,
      stderr: new PassThrough(),
      env,
      isTTY: { stdout: false, stderr: false },
      stopSignal: () => stopped,
    });
    const until = Date.now() + 20_000;
    while (!/ended scripts\/tick/.test(out) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    stop('SIGTERM');
    assert.equal(await running, 0, out);
    assert.match(out, /^scheduler serving contexts clitest \(1 schedules\)$/m);
    assert.equal(out.match(/ fired scripts\/tick /g)?.length, 1, out);
    assert.match(out, / ended scripts\/tick context=clitest bucket=default task=\S+ ok$/m);
    assert.match(out, /^SIGTERM: waiting for running runs\nscheduler stopped$/m);
    const om = await setup({ home: t.site.home, context: t.site.contextName });
    try {
      assert.equal((await runsIn(om)).length, 1, 'ten missed minutes, one run');
    } finally {
      await om.close();
    }
  });
});
