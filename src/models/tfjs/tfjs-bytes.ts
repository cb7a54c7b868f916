import type { io } from '@tensorflow/tfjs';
import { ValidationError } from '../../errors.js';

/**
 * The byte format of a stored TF.js layers model, one array:
 *
 *   "OMTFJS1\n"  8 bytes, format and version
 *   uint32 LE    length of the header
 *   header       UTF-8 JSON, keys sorted: { fitted, modelTopology, weightSpecs,
 *                trainingConfig?, userDefinedMetadata? }
 *   weights      the weight data tf.io.encodeWeights laid out for weightSpecs (model weights,
 *                then optimizer state)
 *
 * Nothing time- or machine-dependent goes in (no save date, no generatedBy), and the keys are
 * sorted, so one model always encodes to the same bytes and a decoded model encodes back to them.
 */
const MAGIC = new TextEncoder().encode('OMTFJS1\n');
const PREFIX = MAGIC.length + 4;

export interface StoredArtifacts {
  readonly fitted: boolean;
  readonly artifacts: io.ModelArtifacts;
}

export function packArtifacts(artifacts: io.ModelArtifacts, fitted: boolean): Uint8Array {
  const header = new TextEncoder().encode(
    canonicalJson({
      fitted,
      modelTopology: artifacts.modelTopology,
      weightSpecs: artifacts.weightSpecs ?? [],
      trainingConfig: artifacts.trainingConfig,
      userDefinedMetadata: artifacts.userDefinedMetadata,
    }),
  );
  const weights = [artifacts.weightData ?? []].flat().map((buffer) => new Uint8Array(buffer));
  const size = PREFIX + header.length + weights.reduce((sum, part) => sum + part.length, 0);
  const bytes = new Uint8Array(size);
  bytes.set(MAGIC, 0);
  new DataView(bytes.buffer).setUint32(MAGIC.length, header.length, true);
  let offset = PREFIX;
  for (const part of [header, ...weights]) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

export function unpackArtifacts(bytes: Uint8Array): StoredArtifacts {
  const invalid = (reason: string): ValidationError => new ValidationError(`not a stored TF.js model: ${reason}`);
  if (bytes.length < PREFIX || !MAGIC.every((byte, i) => bytes[i] === byte)) throw invalid('unknown format');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.length).getUint32(MAGIC.length, true);
  if (PREFIX + headerLength > bytes.length) throw invalid('truncated header');
  let header: Record<string, unknown> | null;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREFIX, PREFIX + headerLength)));
  } catch {
    throw invalid('unreadable header');
  }
  const topology = header?.modelTopology;
  if (header == null || typeof topology !== 'object' || topology === null || !Array.isArray(header.weightSpecs)) {
    throw invalid('incomplete header');
  }
  const artifacts: io.ModelArtifacts = {
    format: 'layers-model',
    modelTopology: topology,
    weightSpecs: header.weightSpecs as io.WeightsManifestEntry[],
    // A copy: the input may be a view into a larger (pooled) buffer.
    weightData: new Uint8Array(bytes.subarray(PREFIX + headerLength)).buffer,
  };
  if (header.trainingConfig !== undefined) artifacts.trainingConfig = header.trainingConfig as io.TrainingConfig;
  if (header.userDefinedMetadata !== undefined) {
    artifacts.userDefinedMetadata = header.userDefinedMetadata as io.ModelArtifacts['userDefinedMetadata'];
  }
  return { fitted: header.fitted === true, artifacts };
}

/** JSON with object keys sorted at every level; undefined members are left out. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => {
    if (typeof member !== 'object' || member === null || Array.isArray(member)) return member;
    const entries = Object.entries(member).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  });
}
