import type { Command } from 'commander';
import type { CreatedKey, KeyInfo } from '../keys/key-store.js';
import type { Role } from '../keys/roles.js';
import { alignColumns } from './render.js';
import type { CliSession } from './session.js';

interface CreateFlags {
  bucket: string[];
  role: string[];
  name?: string;
  expires?: string;
}

/** `--role read,run --role write` → `['read', 'run', 'write']`. */
const commaList = (value: string, previous: string[]): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== ''),
];

/** Adds `om keys create|list|revoke`: the API keys of the context (API.md §11). */
export function addKeysCommand(program: Command, session: CliSession): void {
  const keys = program.command('keys').description('create, list and revoke the API keys of the context');

  keys
    .command('create')
    .description('create a key with roles on buckets; prints the key once (stdout), what it may do on stderr')
    .option(
      '--bucket <names>',
      "buckets the key works in, comma-separated or repeated; '*' for every bucket",
      commaList,
      [],
    )
    .option('--role <roles>', 'read, write, run, promote, admin: comma-separated or repeated', commaList, [])
    .option('--name <name>', 'who holds the key: the audit log and the promotion ledger name callers by it')
    .option('--expires <when>', 'a duration such as 30d or 12h, or an ISO date (default: never)')
    .action((flags: CreateFlags) =>
      session.withOmega(async (om) => {
        const created = await om.keys.create({
          buckets: flags.bucket,
          roles: flags.role as Role[],
          ...(flags.name === undefined ? {} : { name: flags.name }),
          ...(flags.expires === undefined ? {} : { expires: flags.expires }),
        });
        if (!session.options.json) session.io.stderr.write(`${createdLine(created, om.context)}\n`);
        session.print(created, (key) => [key.key]);
      }),
    );

  keys
    .command('list', { isDefault: true })
    .description('the keys of the context (never their secrets) with their roles, buckets and status')
    .action(() =>
      session.withOmega(async (om) => {
        session.print(await om.keys.list(), keyTable);
      }),
    );

  keys
    .command('revoke')
    .description('revoke a key: requests with it are refused from the next one on')
    .argument('<id>', 'the key id (om keys list)')
    .action((id: string) =>
      session.withOmega(async (om) => {
        session.print(await om.keys.revoke(id), (key) => [`revoked key ${key.name} (${key.id})`]);
      }),
    );
}

function createdLine(key: CreatedKey, context: string): string {
  const expires = key.expires === null ? 'never expires' : `expires ${key.expires.toISOString()}`;
  return (
    `created key ${key.name} (${key.id}) of context ${context}: ${key.roles.join(', ')} on ${key.buckets.join(', ')}, ` +
    `${expires}. It is shown only this once: keep it now.`
  );
}

function keyTable(keys: KeyInfo[]): string[] {
  const now = Date.now();
  const status = (key: KeyInfo): string => {
    if (key.revoked !== null) return `revoked ${key.revoked.toISOString()}`;
    if (key.expires !== null && key.expires.getTime() <= now) return 'expired';
    return 'active';
  };
  const header = ['ID', 'NAME', 'ROLES', 'BUCKETS', 'CREATED', 'EXPIRES', 'STATUS'];
  const rows = keys.map((key) => [
    key.id,
    key.name,
    key.roles.join(','),
    key.buckets.join(','),
    key.created.toISOString(),
    key.expires?.toISOString() ?? 'never',
    status(key),
  ]);
  return alignColumns([header, ...rows]);
}
