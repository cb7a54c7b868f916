import { extname } from 'node:path';
import { ValidationError } from '../errors.js';
import type { ModelCodec } from '../models/model-codec.js';

/** A model read from a local file, with the kind it is stored as. */
export interface ModelFromFile {
  object: unknown;
  kind: string;
}

/**
 * The model in a file: by --kind, else .onnx, else a model JSON file (what om models get writes
 * for ml.js models: `{ "class", "fitted", "options"?, "model"?, "features"?, "classes"? }`), else
 * whichever codec reads the bytes. What is wrong is said of the file, by its path.
 */
export async function readModelFile(file: string, bytes: Buffer, kind?: string): Promise<ModelFromFile> {
  const wanted = kind ?? (extname(file).toLowerCase() === '.onnx' ? 'onnx' : undefined);
  const modelCodecs = await loadCodecs();
  if (wanted !== undefined) {
    const codec = codecOf(modelCodecs, wanted);
    const object = await inFile(file, () => (codec.fromBytes ? codec.fromBytes(bytes) : codec.decode(bytes, {})));
    return { object, kind: wanted };
  }
  const json = jsonOf(file, bytes);
  if (json !== undefined) return modelJson(file, json, bytes, modelCodecs);
  for (const codec of modelCodecs.filter((c) => !c.fromBytes)) {
    const object = await codec.decode(bytes, {}).catch(() => undefined);
    if (object !== undefined && codec.supports(object)) return { object, kind: codec.kind };
  }
  throw new ValidationError(
    `${file} is not a model file any kind reads; give --kind (${modelCodecs.map((c) => c.kind).join(', ')})`,
  );
}

/** The parsed JSON of a .json file or of bytes that start like JSON; undefined for other files. */
function jsonOf(file: string, bytes: Buffer): unknown {
  const text = bytes.toString('utf8').trimStart();
  const isJsonFile = extname(file).toLowerCase() === '.json';
  if (!isJsonFile && !text.startsWith('{')) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** A model JSON file, checked field by field before its class's codec reads it. */
async function modelJson(
  file: string,
  json: unknown,
  bytes: Buffer,
  modelCodecs: readonly ModelCodec[],
): Promise<ModelFromFile> {
  const invalid = (why: string) => new ValidationError(`${file} is not a model file: ${why}`);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalid('it holds no JSON object');
  const { class: className, fitted, options, model } = json as Record<string, unknown>;
  const { mljsFamilyOf } = await import('../models/mljs/classes.js');
  if (typeof className !== 'string')
    throw invalid('"class" (the ml.js class name, e.g. RandomForestClassifier) is missing');
  const family = inFileSync(file, () => mljsFamilyOf(className));
  if (typeof fitted !== 'boolean') throw invalid('"fitted" (true or false) is missing');
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options)))
    throw invalid('"options" is not an object');
  if (fitted && (typeof model !== 'object' || model === null))
    throw invalid('it says "fitted": true but has no "model"');
  const codec = codecOf(modelCodecs, family.kind);
  const object = await inFile(file, () => codec.decode(bytes, {}), `the ${className} model `);
  return { object, kind: codec.kind };
}

/** Runs `read`, saying of a ValidationError that it is about `file` (the codec's "stored … model" wording dropped). */
async function inFile<T>(file: string, read: () => Promise<T>, subject = ''): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw fileError(file, error, subject);
  }
}

function inFileSync<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw fileError(file, error, '');
  }
}

function fileError(file: string, error: unknown, subject: string): unknown {
  if (!(error instanceof ValidationError)) return error;
  const what = error.message.replace(/^stored \S+ model /, subject);
  return new ValidationError(`${file}: ${what}`, { cause: error });
}

/** The model codecs, loaded on first use: help and the other commands do not need them. */
export async function loadCodecs(): Promise<readonly ModelCodec[]> {
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
