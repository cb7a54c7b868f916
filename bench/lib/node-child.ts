import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: where `--import tsx` resolves. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs `script` (a .ts file) in a fresh `node --import tsx` with one JSON argument and returns
 * the JSON of its last stdout line; its stderr passes through. A non-zero exit is an error.
 */
export function runNodeChild<T>(script: URL, argument: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(script), JSON.stringify(argument)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      out += text;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`${script.pathname} exited with ${signal ?? code}`));
      else resolve(JSON.parse(last) as T);
    });
  });
}
