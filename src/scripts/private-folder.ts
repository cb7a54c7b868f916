import { lstat, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** This process's user id; undefined where the platform has none (Windows). */
function uid(): number | undefined {
  return process.getuid?.();
}

/**
 * Whether `path` is a folder this user alone can change: a real folder (not a symlink), owned by
 * this uid, mode 0700. A missing path is not trusted.
 */
export async function isPrivateFolder(path: string): Promise<boolean> {
  const info = await lstat(path).catch(() => undefined);
  if (!info?.isDirectory()) return false;
  const me = uid();
  if (me === undefined) return true;
  return info.uid === me && (info.mode & 0o777) === 0o700;
}

/** Creates `path` with mode 0700 unless it exists; true when it is (now) a private folder. */
async function ensurePrivateFolder(path: string): Promise<boolean> {
  await mkdir(path, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return isPrivateFolder(path);
}

/** This process's own folder per tmpdir, taken when the shared one cannot be trusted. */
const fallbacks = new Map<string, Promise<string>>();

/**
 * The folder script versions are written to: `<tmpdir>/omegats-<uid>/scripts`, each level created
 * 0700 by this user and checked before use. When another user (or a loose mode, or a symlink) got
 * there first, that folder is never used: this process takes a fresh private folder of its own
 * instead (`mkdtemp` creates it 0700), so a planted folder can neither run code nor block scripts.
 */
export async function privateScriptsFolder(): Promise<string> {
  const root = join(tmpdir(), `omegats-${uid() ?? 'user'}`);
  const folder = join(root, 'scripts');
  if ((await ensurePrivateFolder(root)) && (await ensurePrivateFolder(folder))) return folder;
  let own = fallbacks.get(root);
  if (own === undefined) {
    own = mkdtemp(`${root}-`).then(async (created) => {
      await mkdir(join(created, 'scripts'), { mode: 0o700 });
      return join(created, 'scripts');
    });
    fallbacks.set(root, own);
  }
  return own;
}
