import { extname } from 'node:path';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { ValidationError } from '../errors.js';
import type { ModelCodec } from '../models/model-codec.js';
import type { Omega } from '../omega.js';
import { parseName } from '../store/names.js';
import { readInputBytes, writeFileAtomically } from './local-files.js';
import { objectLabel, putSummary } from './render.js';
import type { CliSession } from './session.js';
import { requireMetadata } from './store-commands.js';

interface PutFlags {
  kind?: string;
  tag?: string;
}

/** Adds `om models put|get|revisions`: models from and to local files, and their versions. */
export function addModelCommands(models: Command, session: CliSession): void {
  models
    .command('put')
    .description(
      'store a model file as a new version: .onnx as an ONNX model, a model .json (as om models get writes it)',
    )
    .argument('<file>', 'the model file')
    .argument('<name>', 'the model name')
    .option('--kind <kind>', 'the model kind, when the file does not say (e.g. onnx)')
    .option('--tag <tag>', 'a tag to move to the new version')
    .action((file: string, name: string, flags: PutFlags) =>
      session.withOmega(async (om) => {
        const bytes = await readInputBytes(file);
        const model = await decodeModelFile(file, bytes, flags.kind);
        const meta = await om.models.put(model.object, name, { kind: model.kind, tag: flags.tag });
        session.print(meta, (stored) => [
          `${putSummary(stored)}, version ${String(stored.kindMeta.version).slice(0, 12)}`,
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

/** The model object in a file: by --kind, else .onnx, else whichever codec reads the bytes. */
async function decodeModelFile(file: string, bytes: Buffer, kind?: string): Promise<{ object: unknown; kind: string }> {
  const wanted = kind ?? (extname(file).toLowerCase() === '.onnx' ? 'onnx' : undefined);
  const modelCodecs = await loadCodecs();
  if (wanted !== undefined) {
    const codec = codecOf(modelCodecs, wanted);
    return { object: codec.fromBytes ? await codec.fromBytes(bytes) : await codec.decode(bytes, {}), kind: wanted };
  }
  for (const codec of modelCodecs.filter((c) => !c.fromBytes)) {
    const object = await codec.decode(bytes, {}).catch(() => undefined);
    if (object !== undefined && codec.supports(object)) return { object, kind: codec.kind };
  }
  throw new ValidationError(
    `${file} is not a model file any kind reads; give --kind (${modelCodecs.map((c) => c.kind).join(', ')})`,
  );
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

/** The model codecs, loaded on first use: help and the other commands do not need them. */
async function loadCodecs(): Promise<readonly ModelCodec[]> {
  return (await import('../models/codecs.js')).modelCodecs;
}

function codecOf(modelCodecs: readonly ModelCodec[], kind: string): ModelCodec {
  const codec = modelCodecs.find((c) => c.kind === kind);
  if (!codec)
    throw new ValidationError(
      `unknown model kind ${JSON.stringify(kind)} (known: ${modelCodecs.map((c) => c.kind).join(', ')})`,
    );
  return codec;
}
