import { readFileSync } from 'node:fs';

/**
 * The fenced code blocks of a markdown file, and the markers by which the README says what a block
 * needs: `<!-- needs: a, b -->` on the line before a fence, or `// needs: a, b` (`# needs: …`) as
 * the block's first line. A bash line ending in `# needs: …` needs that for itself alone.
 */
export interface CodeBlock {
  /** The fence's language (`ts`, `bash`, …), empty when none. */
  lang: string;
  /** The 1-based line of the opening fence, to name the block in test titles. */
  line: number;
  /** The text between the fences. */
  code: string;
  /** What the whole block needs, e.g. `redis`, `postgres`, `models-cli`. */
  needs: string[];
}

const FENCE = /^```(\S*)\s*$/;
const BLOCK_MARKER = /^<!--\s*needs:\s*([^>]*?)\s*-->$/;
const FIRST_LINE_MARKER = /^(?:\/\/|#)\s*needs:\s*(.+)$/;
/** A trailing `# needs: …` comment of one bash line. */
export const LINE_NEEDS = /\s#\s*needs:\s*([\w, -]+)$/;
/** A trailing `# fails: …` comment: the line shows an error, so it must exit non-zero. */
export const LINE_FAILS = /\s#\s*fails:/;

export function splitNeeds(list: string): string[] {
  return list
    .split(',')
    .map((need) => need.trim())
    .filter((need) => need !== '');
}

export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '');
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ''); i++) body.push(lines[i] ?? '');
    const before = BLOCK_MARKER.exec(lines[start - 1] ?? '');
    const first = FIRST_LINE_MARKER.exec(body[0] ?? '');
    const needs = [...splitNeeds(before?.[1] ?? ''), ...splitNeeds(first?.[1] ?? '')];
    blocks.push({ lang: open[1] ?? '', line: start + 1, code: `${body.join('\n')}\n`, needs });
  }
  return blocks;
}

export function readmeBlocks(path: string): CodeBlock[] {
  return codeBlocks(readFileSync(path, 'utf8'));
}

/** The lines before the block's own in the script `bashScript` writes. */
const PRELUDE_LINES = 3;

/**
 * A bash block as a script: `npx om` runs the built CLI (`npx` would spawn npm first), every
 * command must succeed (`set -e`) except lines marked `# fails: …`, which must fail, and lines
 * that need what `available` lacks are left out (each said on stderr).
 */
export function bashScript(block: CodeBlock, omMain: string, available: (need: string) => boolean): string {
  // The script's line n is the README's line n + offset.
  const offset = block.line - PRELUDE_LINES;
  const om = `node ${JSON.stringify(omMain)}`;
  const prelude = [
    'set -euo pipefail',
    // In a subshell (`npx om worker &`), exec: `kill %1` then reaches the CLI itself.
    `npx() { if [ "$1" != om ]; then command npx "$@" || return; elif [ "$BASHPID" != "$$" ]; then shift; exec ${om} "$@"; else shift; ${om} "$@" || return; fi; }`,
    `trap 'echo "README.md line $((LINENO + ${offset})) failed" >&2' ERR; trap 'kill $(jobs -p) 2>/dev/null || true' EXIT`,
  ];
  // One script line per block line, so that the ERR trap can name the block's line.
  const body = block.code.split('\n').map((line, index) => {
    const needs = LINE_NEEDS.exec(line);
    if (needs && !splitNeeds(needs[1] ?? '').every(available)) {
      return `echo 'README.md line ${block.line + 1 + index} skipped, needs ${needs[1]}' >&2`;
    }
    const fails = LINE_FAILS.exec(line);
    if (!fails) return line;
    const message = `README.md line ${block.line + 1 + index} should have failed`;
    return `if ${line.slice(0, fails.index)}; then echo '${message}' >&2; exit 1; fi`;
  });
  return [...prelude, ...body].join('\n');
}
