import { randomUUID } from 'node:crypto';
import { NotFoundError, ValidationError } from '../errors.js';
import {
  TRAINING_ROLES,
  type TrainingInput,
  type TrainingRecord,
  trainingRecordOf,
} from '../models/training-record.js';
import { revisionOf } from '../store/dataset-revision.js';
import type { Metadata } from '../store/metadata.js';
import { parseName } from '../store/names.js';
import type { WrittenObject } from '../store/object-writer.js';
import {
  dryRunResult,
  memberWrite,
  type PreparedPromotion,
  type PromotionEnd,
  preparePromotion,
  refuseFailed,
  sameStore,
  writtenResult,
} from './promote.js';
import type { BundleMember, PromoteOptions, PromotionRecord, PromotionResult } from './types.js';

/** The model and dataset stores of one bucket, as a bundle promotion sees them. */
export interface BundleEnds {
  readonly models: PromotionEnd;
  readonly datasets: PromotionEnd;
}

/** A dataset of the bundle: what the model's fit recorded of it, and its promotion. */
interface DatasetMember {
  readonly prepared: PreparedPromotion;
  /** The revision the fit read (the lowest when X and Y read different ones); null when unknown. */
  readonly trainedRevision: number | null;
  readonly changedSinceFit: boolean | null;
}

/**
 * Promotes model `name` with the datasets its fit recorded (API.md §14): every member checked and
 * its conditions evaluated first (`fitted` for the model, `nonEmpty` for the datasets, plus the
 * configured ones of each store; `options.conditions` for the model), then all written in one
 * target transaction with one ledger record each, sharing a bundle id. In the target the model's
 * training record names the promoted datasets and their new revisions.
 */
export async function promoteBundle(
  source: BundleEnds,
  name: string,
  target: BundleEnds,
  options: PromoteOptions,
): Promise<PromotionResult> {
  if (sameStore(source.datasets.scope, target.datasets.scope)) {
    throw new ValidationError(
      `with: 'datasets' promotes into another bucket or context; the datasets of models/${name} would be promoted onto themselves`,
    );
  }
  const modelConditions = unique([...target.models.conditions, ...(options.conditions ?? []), 'fitted']);
  const model = await preparePromotion(source.models, name, target.models, options, modelConditions);
  const recorded = recordedInputs(model.meta);
  const datasets: DatasetMember[] = [];
  for (const [dataset, inputs] of byDataset(recorded, model, source.datasets)) {
    datasets.push(await prepareDataset(source.datasets, dataset, inputs, target.datasets, options, model));
  }
  const members = [model, ...datasets.map((d) => d.prepared)];
  if (options.dryRun) {
    return bundleResult(
      undefined,
      dryRunResult(model),
      datasets.map((d) => memberResult(d, dryRunResult(d.prepared))),
    );
  }
  refuseFailed(members);
  for (const member of members) await member.transfer.stage();
  const bundle = randomUUID();

  const records = new Map<PreparedPromotion, PromotionRecord>();
  const written = new Map<PreparedPromotion, WrittenObject>();
  const locks = [
    ...datasets.map((d) => target.datasets.writer.lockKey(d.prepared.asName)),
    target.models.writer.lockKey(model.asName),
  ];
  const dataOptions = datasetOptions(options);
  const now = new Date(); // one transaction, one time: every member's modified and ledger record
  await target.models.scope.engine.write(async (trx, raw) => {
    for (const { prepared } of datasets) {
      const write = memberWrite(prepared, dataOptions, { id: bundle }, (r) => records.set(prepared, r));
      written.set(prepared, await target.datasets.writer.writeIn(trx, raw, prepared.asName, write, now));
    }
    const rebase = (kindMeta: Record<string, unknown>) =>
      rebased(kindMeta, recorded, datasets, written, target.datasets.scope);
    const write = memberWrite(model, options, { id: bundle, content: rebase }, (r) => records.set(model, r));
    written.set(model, await target.models.writer.writeIn(trx, raw, model.asName, write, now));
  }, locks);

  const settled = async (member: PreparedPromotion, end: PromotionEnd): Promise<PromotionResult> => {
    const metadata = await end.writer.settle(written.get(member) as WrittenObject);
    return writtenResult(member, metadata, records.get(member));
  };
  const modelResult = await settled(model, target.models);
  const datasetResults: BundleMember[] = [];
  for (const d of datasets) datasetResults.push(memberResult(d, await settled(d.prepared, target.datasets)));
  return bundleResult(bundle, modelResult, datasetResults);
}

/** The datasets the promoted version was trained on: its training record, else (a fit before revisions) `attributes.dataset`. */
function recordedInputs(meta: Metadata): TrainingRecord {
  const record = trainingRecordOf(meta.kindMeta);
  if (record) return record;
  const legacy = (meta.attributes.dataset ?? {}) as Record<string, unknown>;
  const inputs: TrainingRecord = {};
  for (const role of TRAINING_ROLES) {
    const name = legacy[role];
    if (typeof name === 'string') inputs[role] = { context: '', bucket: '', name, revision: null };
  }
  return inputs;
}

/** The recorded inputs by dataset (X and Y often read one), each in the source's own bucket. */
function byDataset(
  recorded: TrainingRecord,
  model: PreparedPromotion,
  source: PromotionEnd,
): Map<string, TrainingInput[]> {
  const label = `models/${model.meta.name} (bucket ${model.source.scope.bucket})`;
  const datasets = new Map<string, TrainingInput[]>();
  for (const input of Object.values(recorded)) {
    const elsewhere =
      input.context !== '' && (input.context !== source.scope.context || input.bucket !== source.scope.bucket);
    if (elsewhere) {
      throw new ValidationError(
        `${label} was trained on data/${input.name} of context ${input.context}, bucket ${input.bucket}, not on data of this bucket: promote it with its data from there`,
      );
    }
    const dataset = parseName(input.name, { projection: true, version: false }).name;
    datasets.set(dataset, [...(datasets.get(dataset) ?? []), input]);
  }
  if (datasets.size === 0) {
    throw new ValidationError(
      `${label} records no training datasets (it was not fitted by the runtime on stored data): promote it without with: 'datasets'`,
    );
  }
  return datasets;
}

async function prepareDataset(
  source: PromotionEnd,
  dataset: string,
  inputs: readonly TrainingInput[],
  target: PromotionEnd,
  options: PromoteOptions,
  model: PreparedPromotion,
): Promise<DatasetMember> {
  const meta = await source.store.metadata(dataset);
  if (!meta) {
    throw new NotFoundError(
      `models/${model.meta.name} was trained on data/${dataset}, which no longer exists in bucket ${source.scope.bucket} of context ${source.scope.context}: restore it, or promote the model without with: 'datasets'`,
    );
  }
  const conditions = unique([...target.conditions, 'nonEmpty']);
  const prepared = await preparePromotion(source, dataset, target, datasetOptions(options), conditions);
  const revisions = inputs.map((input) => input.revision);
  const known = revisions.every((r) => r !== null);
  const trainedRevision = known ? Math.min(...(revisions as number[])) : null;
  const current = revisionOf(meta);
  const changedSinceFit = known && current !== null ? revisions.some((r) => r !== current) : null;
  return { prepared, trainedRevision, changedSinceFit };
}

/** A dataset member promotes under its own name, never drops history; the model's asName and drop are its own. */
function datasetOptions(options: PromoteOptions): PromoteOptions {
  const { asName: _a, drop: _d, conditions: _c, with: _w, ...rest } = options;
  return rest;
}

/**
 * The model's training record in the target: inputs whose dataset came along name the target's
 * bucket and the revision just written (null when the data had changed since the fit).
 */
function rebased(
  kindMeta: Record<string, unknown>,
  recorded: TrainingRecord,
  datasets: readonly DatasetMember[],
  written: ReadonlyMap<PreparedPromotion, WrittenObject>,
  target: { context: string; bucket: string },
): Record<string, unknown> {
  const byName = new Map(datasets.map((d) => [d.prepared.asName, d]));
  const trainedOn: TrainingRecord = {};
  for (const role of TRAINING_ROLES) {
    const input = recorded[role];
    if (!input) continue;
    const member = byName.get(parseName(input.name, { projection: true, version: false }).name);
    const next = member && written.get(member.prepared)?.next;
    if (!member || !next) continue;
    const revision = member.changedSinceFit === false ? revisionOf(next) : null;
    trainedOn[role] = { context: target.context, bucket: target.bucket, name: input.name, revision };
  }
  return { ...kindMeta, trainedOn };
}

function memberResult(member: DatasetMember, result: PromotionResult): BundleMember {
  return {
    role: 'dataset',
    ...result,
    trainedRevision: member.trainedRevision,
    changedSinceFit: member.changedSinceFit,
  };
}

/** The model's result, with every member's conditions, the members, and (not of a dry run) the bundle id. */
function bundleResult(bundle: string | undefined, model: PromotionResult, datasets: BundleMember[]): PromotionResult {
  return {
    ...model,
    conditions: [...model.conditions, ...datasets.flatMap((d) => d.conditions)],
    ...(bundle === undefined ? {} : { bundle }),
    members: [{ role: 'model', ...model }, ...datasets],
  };
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}
