import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { setup } from '../../src/index.js';
import { ENGINES } from '../helpers/engines.js';
import { type CliSite, cliSite, errorLines } from './om-cli.js';

const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

interface ContextRow {
  name: string;
  isDefault: boolean;
  current: boolean;
  origin: string;
  store: string;
  broker: string;
}

for (const engine of ENGINES) {
  describe(`om usage, buckets and contexts (${engine})`, () => {
    let site: CliSite;
    before(() => {
      site = cliSite(engine);
    });
    after(() => site.cleanup());

    it('usage errors are one error line and exit 2', async () => {
      const cases: [string[], RegExp][] = [
        [['nonsense'], /^error: unknown command 'nonsense'$/],
        [['datasets', 'lst'], /^error: unknown command 'lst' \(Did you mean list\?\)$/],
        [['--no-such-option', 'datasets', 'list'], /^error: unknown option '--no-such-option'$/],
        [['datasets', 'put', 'only-a-file'], /^error: missing required argument 'name'$/],
        [['datasets', 'drop', 'a', 'b'], /^error: too many arguments for 'drop'/],
        [['datasets', 'list', '--no-such-option'], /^error: unknown option '--no-such-option'$/],
      ];
      for (const [args, message] of cases) {
        const result = await site.omc(args);
        assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
        assert.deepEqual(errorLines(result).length, 1, result.stderr);
        assert.match(errorLines(result)[0] ?? '', message);
      }
    });

    it('no command prints the help on stderr and exits 2', async () => {
      const bare = await site.om([]);
      assert.equal(bare.status, 2);
      assert.match(bare.stderr, /^Usage: om /);
    });

    it('--help and --version exit 0', async () => {
      const help = await site.om(['--help']);
      assert.equal(help.status, 0);
      assert.match(help.out, /^Usage: om \[options\] \[command\]/);
      assert.match(help.out, /datasets/);
      const datasetsHelp = await site.om(['datasets', '--help']);
      assert.equal(datasetsHelp.status, 0);
      assert.match(datasetsHelp.out, /put \[options\] <file> <name>/);
      const version = await site.om(['--version']);
      assert.equal(version.status, 0);
      assert.equal(version.out, `${VERSION}\n`);
    });

    it('lists the config-defined context and embedded ones', async () => {
      // An embedded context that exists on disk (made here ad hoc) but not in the config.
      await (await setup({ home: site.home, name: 'scratch', store: 'sqlite:contexts/scratch/omega.db' })).close();
      const contexts = await site.om(['--json', 'contexts']);
      assert.equal(contexts.status, 0, contexts.stderr);
      const rows: ContextRow[] = JSON.parse(contexts.out);
      const configured = rows.find((row) => row.name === site.contextName);
      assert.deepEqual(configured && { ...configured, store: undefined }, {
        name: site.contextName,
        isDefault: true,
        current: true,
        origin: 'config',
        store: undefined,
        broker: 'local',
      });
      assert.equal(configured?.store.split(':')[0], engine === 'sqlite' ? 'sqlite' : 'postgres');
      const scratch = rows.find((row) => row.name === 'scratch');
      assert.equal(scratch?.origin, 'embedded');
      assert.equal(scratch?.isDefault, false);
      assert.match(scratch?.store ?? '', /^sqlite:.*contexts\/scratch\/omega\.db$/);

      const plain = (await site.om(['contexts'])).out.split('\n');
      assert.ok(
        plain.some((line) => new RegExp(`^\\*\\s+${site.contextName}\\s+config\\s+\\S+\\s+local$`).test(line)),
        plain.join('\n'),
      );
      assert.ok(
        plain.some((line) => /^\s+scratch\s+embedded\s+sqlite:\S+\s+local$/.test(line)),
        plain.join('\n'),
      );
    });

    it('om buckets of an empty context is empty', async () => {
      const buckets = await site.omc(['--json', 'buckets']);
      assert.equal(buckets.status, 0, buckets.stderr);
      assert.deepEqual(JSON.parse(buckets.out), []);
      assert.equal((await site.omc(['buckets'])).out, '');
    });
  });
}
