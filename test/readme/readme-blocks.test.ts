import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { bashScript, type CodeBlock, codeBlocks } from './readme-blocks.js';

// The harness of readme.test.ts: if it ran too little, the README could drift unnoticed.

const MARKDOWN = [
  '# t', // 1
  '```ts', // 2
  "console.log('a');", // 3
  '```', // 4
  '<!-- needs: models-cli -->', // 5
  '```bash', // 6
  'true', // 7
  '```', // 8
  '```ts', // 9
  '// needs: redis, postgres', // 10
  '```', // 11
  '```yaml', // 12
  'a: 1', // 13
  '```', // 14
].join('\n');

/** Runs a bash block as readme.test.ts does, with `om` a command that prints its arguments. */
function runBash(code: string, available: string[] = []): { status: number | null; stderr: string; stdout: string } {
  const block: CodeBlock = { lang: 'bash', line: 10, code, needs: [] };
  const script = bashScript(block, '-e', (need) => available.includes(need)).replace(
    /node "-e"/g,
    'node -e "console.log(process.argv.slice(1).join(\' \'))"',
  );
  const result = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

describe('README blocks', () => {
  it('finds fenced blocks with their language, line and needs', () => {
    const blocks = codeBlocks(MARKDOWN);
    assert.deepEqual(
      blocks.map((block) => [block.lang, block.line, block.needs]),
      [
        ['ts', 2, []],
        ['bash', 6, ['models-cli']],
        ['ts', 9, ['redis', 'postgres']],
        ['yaml', 12, []],
      ],
    );
    assert.equal(blocks[0]?.code, "console.log('a');\n");
  });

  it('runs npx om lines in order and stops at the first failing one, naming its README line', () => {
    const result = runBash('npx om datasets list\nfalse\nnpx om never\n');
    assert.equal(result.status, 1);
    assert.equal(result.stdout, 'datasets list\n');
    assert.match(result.stderr, /README\.md line 12 failed/);
  });

  it('requires a line marked "# fails:" to fail', () => {
    assert.equal(runBash('false   # fails: it should\n').status, 0);
    const result = runBash('true   # fails: it should\n');
    assert.equal(result.status, 1);
    assert.match(result.stderr, /README\.md line 11 should have failed/);
  });

  it('leaves out a line that needs what is missing, and says so', () => {
    const skipped = runBash('false   # needs: worker\nnpx om ok\n');
    assert.equal(skipped.status, 0);
    assert.equal(skipped.stdout, 'ok\n');
    assert.match(skipped.stderr, /README\.md line 11 skipped, needs worker/);
    assert.equal(runBash('false   # needs: redis\n', ['redis']).status, 1);
  });
});
