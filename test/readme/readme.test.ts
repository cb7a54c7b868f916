import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { bashScript, type CodeBlock, readmeBlocks } from './readme-blocks.js';

// The README runs as written: each ```ts block is a file a user pastes, each ```bash block a shell
// session. Every block runs in a fresh process, working folder and OMEGA_HOME, in a folder under
// the repo, so that `import … from 'omegats'` resolves as in a user's project (the package
// self-reference to the built dist/, which npm test builds first) and packages such as
// ml-random-forest from the repo's node_modules. A process per block, not an import: setup() and
// registerCondition() keep process-wide defaults, and a pasted file runs in a process of its own.

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const README = join(REPO, 'README.md');
const OM_MAIN = join(REPO, 'dist', 'cli', 'main.js');
const SCRATCH = join(REPO, '.scratch');
const REDIS_URL = process.env.OMEGA_TEST_REDIS_URL;
const PG_URL = process.env.OMEGA_TEST_PG_URL;
/** The server URLs the README shows, replaced by the test servers'. */
const README_REDIS = 'redis://127.0.0.1:6379/0';
const README_PG = /postgres:\/\/[^\s'"`]+/g;
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
/** The compiler options of a strict user project on Node 20 (blocks use top-level await). */
const STRICT_USER = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  lib: ['ES2023'],
  types: ['node'],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
};
/** Variables that would point a block at another home, context, store or runtime. */
const SELECTING_ENV = [
  'OMEGA_CONTEXT',
  'OMEGA_CONFIG',
  'OMEGA_STORE_URL',
  'OMEGA_BROKER_URL',
  'OMEGA_BUCKET',
  'OMEGA_LOCAL_RUNTIME',
];

/** What a block may need: servers when the test has them; `worker` and unknown needs never (left out). */
function available(need: string): boolean {
  if (need === 'redis') return REDIS_URL !== undefined && REDIS_URL !== '';
  if (need === 'postgres') return PG_URL !== undefined && PG_URL !== '';
  return false;
}

const databases: string[] = [];

/** The block's code with the README's server URLs replaced by the test servers' (a fresh database each). */
function withTestServers(code: string): string {
  let result = code;
  if (REDIS_URL) result = result.replaceAll(README_REDIS, REDIS_URL);
  if (PG_URL) {
    result = result.replace(README_PG, () => {
      const name = `omegats_readme_${randomBytes(6).toString('hex')}`;
      databases.push(name);
      const url = new URL(PG_URL);
      url.pathname = `/${name}`;
      return url.toString();
    });
  }
  return result;
}

function runBlock(block: CodeBlock): void {
  const folder = join(SCRATCH, `readme-${block.line}-${randomBytes(4).toString('hex')}`);
  const home = join(folder, 'home');
  mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, OMEGA_HOME: home };
  for (const name of SELECTING_ENV) delete env[name];
  const code = withTestServers(block.code);
  const file = join(folder, block.lang === 'ts' ? 'block.ts' : 'block.sh');
  writeFileSync(file, block.lang === 'ts' ? code : bashScript({ ...block, code }, OM_MAIN, available));
  const command = block.lang === 'ts' ? [process.execPath, '--import', 'tsx', file] : ['bash', file];
  try {
    const result = spawnSync(command[0] as string, command.slice(1), {
      cwd: folder,
      env,
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    if (result.error) throw result.error;
    assert.equal(
      result.status,
      0,
      `README.md block at line ${block.line} failed:\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('README.md', () => {
  const blocks = readmeBlocks(README);

  after(async () => {
    if (databases.length === 0 || !PG_URL) return;
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    for (const db of databases) await client.query(`drop database if exists ${db} with (force)`);
    await client.end();
  });

  it('starts with one heading saying what omegats is, then at once the two commands', () => {
    const [heading, install, tests] = readFileSync(README, 'utf8').split('\n');
    assert.match(heading ?? '', /^# omegats — \S.{20,}$/);
    assert.match(install ?? '', /^ {4}npm install && npm run demo\s+# /);
    assert.match(tests ?? '', /^ {4}npm test\s+# /);
  });

  it('has TypeScript and bash blocks to run', () => {
    assert.ok(blocks.filter((block) => block.lang === 'ts').length >= 4);
    assert.ok(blocks.filter((block) => block.lang === 'bash').length >= 2);
  });

  it('has TypeScript blocks that typecheck under strict settings, as a user compiles them', () => {
    const folder = join(SCRATCH, `readme-tsc-${randomBytes(4).toString('hex')}`);
    mkdirSync(folder, { recursive: true });
    try {
      for (const block of blocks.filter((b) => b.lang === 'ts')) {
        writeFileSync(join(folder, `block-${block.line}.ts`), `${block.code}export {};\n`);
      }
      writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions: STRICT_USER, include: ['*.ts'] }));
      const result = spawnSync(process.execPath, [TSC, '-p', folder], { encoding: 'utf8', timeout: 120_000 });
      if (result.error) throw result.error;
      assert.equal(
        result.status,
        0,
        `README.md TypeScript blocks (block-<line>.ts) do not typecheck:\n${result.stdout}`,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  for (const block of blocks) {
    if (block.lang !== 'ts' && block.lang !== 'bash') continue;
    const missing = block.needs.filter((need) => !available(need));
    const title = `the ${block.lang} block at line ${block.line} runs as written`;
    if (missing.length > 0) {
      it(title, { skip: `needs ${missing.join(', ')}` }, () => undefined);
      continue;
    }
    it(title, () => {
      assert.ok(existsSync(OM_MAIN), `${OM_MAIN} is missing: run npm run build (npm test does it)`);
      runBlock(block);
    });
  }
});
