import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { ValidationError } from '../errors.js';
import type { Omega } from '../omega.js';
import { parseName } from '../store/names.js';
import { keyValues } from './cli-values.js';
import { readInputBytes, writeFileAtomically } from './local-files.js';
import { loadCodecs, type ModelFromFile, readModelFile } from './model-file.js';
import { objectLabel, putSummary } from './render.js';
import type { CliSession } from './session.js';
import { requireMetadata } from './store-commands.js';

interface PutFlags {
  kind?: string;
  tag?: string;
  class?: string;
  param: string[];
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Adds `om models put|get|tag`: models from and to local files or from a class, and their tags. */
export function addModelCommands(models: Command, session: CliSession): void {
  models
    .command('put')
    .description(
      'store a model as a new version: a model file (.onnx, or a model .json as om models get writes it), or with --class an untrained ml.js estimator',
    )
    .usage('<file> <name> | --class <class> [--param k=v]… <name>')
    .argument('<file|name>', 'the model file (with --class: the model name)')
    .argument('[name]', 'the model name')
    .option('--kind <kind>', 'the model kind, when the file does not say (e.g. onnx)')
    .option('--class <class>', 'an ml.js class, e.g. RandomForestClassifier: stores an untrained estimator')
    .option('--param <k=v>', '--class: a constructor option, e.g. nEstimators=20 (repeatable)', collect, [])
    .option('--tag <tag>', 'a tag to move to the new version')
    .action((first: string, second: string | undefined, flags: PutFlags) =>
      session.withOmega(async (om) => {
        const { name, model } = await modelToPut(first, second, flags);
        const meta = await om.models.put(model.object, name, { kind: model.kind, tag: flags.tag });
        session.print(meta, (stored) => [
          `${putSummary(stored)}, version ${String(stored.kindMeta.version).slice(0, 12)}`,
        ]);
      }),
    );

  models
    .command('tag')
    .description('move a tag to a version (name@version, name@tag, name^; a plain name: the latest)')
    .argument('<name>', 'the model, with the version to tag')
    .argument('<tag>', 'the tag (letters, digits, _ . -; not latest)')
    .action((name: string, tag: string) =>
      session.withOmega(async (om) => {
        const meta = await om.models.tag(name, tag);
        session.print(meta, (tagged) => [
          `${objectLabel(om.models, tagged.name)}: tag ${tag} is version ${String(tagged.kindMeta.version).slice(0, 12)}`,
        ]);
      }),
    );

  models
    .command('get')
    .description('write a model (any version: name@tag, name^) to a file, in the form om models put reads')
    .argument('<name>', 'the model name, with a version selector if wanted')
    .argument('<file>', 'the file to write')
    .action((name: string, file: string) =>
      session.withOmega(async (om) => {
        const bytes = await encodedModel(om, name);
        await writeFileAtomically(file, Readable.from([bytes]));
        session.print({ name, file }, () => [`wrote ${objectLabel(om.models, name)} to ${file}`]);
      }),
    );
}

/** The name and the model a put stores: from --class and --param, or from a file. */
async function modelToPut(
  first: string,
  second: string | undefined,
  flags: PutFlags,
): Promise<{ name: string; model: ModelFromFile }> {
  if (flags.class !== undefined) {
    if (second !== undefined) throw new ValidationError('with --class give only the model name, no file');
    if (flags.kind !== undefined) throw new ValidationError('--kind does not go with --class (the class says it)');
    const { mljsFamilyOf, untrainedMljsModel } = await import('../models/mljs/classes.js');
    const object = untrainedMljsModel(flags.class, keyValues(flags.param, '--param'));
    return { name: first, model: { object, kind: mljsFamilyOf(flags.class).kind } };
  }
  if (flags.param.length > 0) throw new ValidationError('--param goes with --class (the options of a new estimator)');
  if (second === undefined) throw new ValidationError('give the model file and the name (or --class and the name)');
  return { name: second, model: await readModelFile(first, await readInputBytes(first), flags.kind) };
}

async function encodedModel(om: Omega, name: string): Promise<Uint8Array> {
  const meta = await requireMetadata(om.models, parseName(name, { projection: false, version: true }).name);
  const model = await om.models.get(name);
  const codec = (await loadCodecs()).find((c) => c.supports(model));
  if (!codec)
    throw new ValidationError(
      `${objectLabel(om.models, meta.name)} is of kind ${meta.kind}, which has no model file form`,
    );
  return (await codec.encode(model)).bytes;
}
