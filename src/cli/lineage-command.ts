import type { Command } from 'commander';
import type { Lineage, LineagePromotion, TrainingLineage, VersionLineage } from '../lineage/types.js';
import type { CliSession } from './session.js';

/** Adds `om lineage <store/name>`: versions, their training data then and now, and promotions. */
export function addLineageCommand(program: Command, session: CliSession): void {
  program
    .command('lineage')
    .description(
      'the versions of an object, what each was trained on (and whether that data changed since), and where it was promoted from',
    )
    .argument('<store/name>', 'e.g. models/iris or datasets/sales')
    .action((name: string) =>
      session.withOmega(async (om) => {
        const lineage = await om.lineage(name, {
          openContext: (context) => session.open({ context }),
        });
        session.print(lineage, (l) => lineageLines(l, ''));
      }),
    );
}

/** The lineage as indented lines; a promotion's source follows, indented under it. */
export function lineageLines(lineage: Lineage, indent: string): string[] {
  const { object } = lineage;
  const lines = [`${indent}${object.prefix}${object.name} (context ${object.context}, bucket ${object.bucket})`];
  for (const version of lineage.versions) lines.push(...versionLines(version, `${indent}  `));
  for (const promotion of lineage.promotions) lines.push(...promotionLines(promotion, `${indent}  `));
  return lines;
}

function versionLines(version: VersionLineage, indent: string): string[] {
  const tags = version.tags.length > 0 ? `  [${version.tags.join(', ')}]` : '';
  const lines = [`${indent}version ${version.version.slice(0, 12)}  ${version.created.toISOString()}${tags}`];
  if (version.trainedOn.length === 0) lines.push(`${indent}  not trained by a recorded fit`);
  for (const input of version.trainedOn) lines.push(`${indent}  ${trainingLine(input)}`);
  return lines;
}

function trainingLine(input: TrainingLineage): string {
  const where = `${input.role} ${input.name} (context ${input.context}, bucket ${input.bucket})`;
  const then = `revision ${input.revision ?? 'unknown'}`;
  const now = input.currentRevision === null ? 'now gone' : `now ${input.currentRevision}`;
  const verdict =
    input.changed === null ? 'changed since: unknown' : input.changed ? 'CHANGED since the fit' : 'unchanged';
  return `${where}: ${then}, ${now}: ${verdict}${input.note ? ` (${input.note})` : ''}`;
}

function promotionLines({ record, source, note, bundledWith }: LineagePromotion, indent: string): string[] {
  const from = record.source
    ? ` from ${record.source.context}/${record.source.bucket}/${record.source.prefix}${record.source.name}${record.source.version ? ` version ${record.source.version.slice(0, 12)}` : ''}`
    : '';
  const bundle = record.bundle ? ` (bundle ${record.bundle})` : '';
  const together = bundledWith?.length ? `, with ${bundledWith.map((t) => `${t.prefix}${t.name}`).join(', ')}` : '';
  const head = `${indent}${record.action === 'rollback' ? 'rolled back' : 'promoted'} ${record.at.toISOString()} by ${record.user}${from}${bundle}${together}`;
  if (source) return [head, ...lineageLines(source, `${indent}  `)];
  return note ? [head, `${indent}  source not shown: ${note}`] : [head];
}
