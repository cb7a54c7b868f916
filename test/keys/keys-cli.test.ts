// om keys create|list|revoke and om audit (API.md §11): the key printed once, alone on stdout.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setup } from '../../src/index.js';
import { cliSuite, errorLines } from '../cli/om-cli.js';
import { ENGINES } from '../helpers/engines.js';

for (const engine of ENGINES) {
  describe(`om keys and om audit (${engine})`, () => {
    const t = cliSuite(engine);

    it('create prints the key alone on stdout and what it may do on stderr; the key works', async () => {
      const created = await t.site.om([
        'keys',
        'create',
        '--bucket',
        'prod',
        '--role',
        'read,run',
        '--name',
        'ci-bot',
        '--expires',
        '30d',
      ]);
      assert.equal(created.status, 0, created.stderr);
      const key = created.out.trim();
      assert.match(key, /^omk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
      assert.match(
        created.stderr,
        /^created key ci-bot \([0-9a-f]{16}\) of context clitest: read, run on prod, expires \d{4}-.*shown only this once/,
      );
      const om = await setup({ home: t.site.home, context: t.site.contextName });
      try {
        const grant = await om.keys.authenticate(key);
        assert.deepEqual([grant.name, grant.roles, grant.buckets], ['ci-bot', ['read', 'run'], ['prod']]);
      } finally {
        await om.close();
      }
    });

    it('--bucket and --role repeat; --json prints the created key as JSON', async () => {
      const created = await t.site.om([
        '--json',
        'keys',
        'create',
        '--bucket',
        'a',
        '--bucket',
        'b,c',
        '--role',
        'write',
        '--role',
        'read',
      ]);
      assert.equal(created.status, 0, created.stderr);
      assert.equal(created.stderr, '');
      const json = JSON.parse(created.out);
      assert.deepEqual([json.buckets, json.roles, json.expires], [['a', 'b', 'c'], ['read', 'write'], null]);
      assert.match(json.key, /^omk_/);
    });

    it('list shows keys without secrets; revoke marks one revoked; an unknown id is an error', async () => {
      const created = JSON.parse(
        (await t.site.om(['--json', 'keys', 'create', '--bucket', '*', '--role', 'admin', '--name', 'ops'])).out,
      );
      const listed = await t.site.om(['keys', 'list']);
      assert.equal(listed.status, 0, listed.stderr);
      assert.match(listed.out, /^ID +NAME +ROLES +BUCKETS +CREATED +EXPIRES +STATUS\n/);
      assert.match(listed.out, new RegExp(`${created.id} +ops +admin +\\* +\\S+ +never +active`));
      assert.ok(!listed.out.includes(created.key.slice(21)), 'no secret in the list');

      const revoked = await t.site.om(['keys', 'revoke', created.id]);
      assert.equal(revoked.status, 0, revoked.stderr);
      assert.equal(revoked.out, `revoked key ops (${created.id})\n`);
      const json = JSON.parse((await t.site.om(['keys', 'list', '--json'])).out) as {
        id: string;
        revoked: string | null;
      }[];
      assert.ok(json.find((k) => k.id === created.id)?.revoked);
      assert.match((await t.site.om(['keys'])).out, new RegExp(`${created.id} .* revoked \\d{4}-`));

      const unknown = await t.site.om(['keys', 'revoke', 'nope']);
      assert.equal(unknown.status, 1);
      assert.deepEqual(errorLines(unknown), ['error: no key "nope" in context clitest (om keys list shows its keys)']);
    });

    it('bad input is one error line naming what was wrong', async () => {
      const cases: [string[], string][] = [
        [
          ['keys', 'create', '--role', 'read'],
          "error: a key needs buckets: a list of bucket names, or ['*'] for every bucket; got []",
        ],
        [
          ['keys', 'create', '--bucket', 'dev'],
          'error: a key needs roles, some of read, write, run, promote, admin; got []',
        ],
        [
          ['keys', 'create', '--bucket', 'dev', '--role', 'read,sudo'],
          'error: unknown role "sudo": roles are read, write, run, promote, admin',
        ],
        [
          ['keys', 'create', '--bucket', 'dev', '--role', 'read', '--expires', 'later'],
          'error: expires must be a Date, an ISO date such as 2027-01-31 or a duration such as 12h or 30d, got "later"',
        ],
        [
          ['audit', '--since', 'ages'],
          'error: since must be a Date, an ISO date such as 2027-01-31 or a duration such as 12h or 30d, got "ages"',
        ],
        [['audit', '--limit', '0'], 'error: --limit must be a positive integer, got 0'],
      ];
      for (const [args, line] of cases) {
        const result = await t.site.om(args);
        assert.equal(result.status, 1, `${args.join(' ')}: ${result.stderr}`);
        assert.deepEqual(errorLines(result), [line]);
      }
    });

    it('om audit lists key changes, oldest first; --since and --limit select', async () => {
      const audit = await t.site.om(['audit', '--since', '1h']);
      assert.equal(audit.status, 0, audit.stderr);
      const lines = audit.out.trim().split('\n');
      assert.match(lines[0] ?? '', /^AT +KEY +METHOD +ROUTE +OBJECT +STATUS +DETAIL$/);
      assert.match(
        lines[1] ?? '',
        /^\S+Z +\S+ +LOCAL +keys\.create +[0-9a-f]{16} +200 +key ci-bot: roles read,run on buckets prod$/,
      );
      assert.ok(lines.some((line) => / keys\.revoke /.test(line)));
      const json = JSON.parse((await t.site.om(['--json', 'audit', '--limit', '1'])).out);
      assert.equal(json.length, 1);
      assert.equal(json[0].route, 'keys.revoke');
      assert.equal(
        (await t.site.om(['audit', '--since', '2999-01-01'])).out.trim().split('\n').length,
        1,
        'the header only',
      );
    });
  });
}
