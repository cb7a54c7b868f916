import { parentPort } from 'node:worker_threads';
import { ValidationError } from '../../errors.js';
import { unpackRows } from './packed-rows.js';
import { type TrainingJob, type TrainingReply, threadFailure } from './protocol.js';
import { threadCodec } from './thread-codecs.js';
import { train } from './train.js';

// A training thread (see TrainingPool): takes one job at a time, decodes the model with the
// built-in codec of its kind, trains it and answers with the model encoded again.
const port = parentPort;
if (!port) throw new Error('training-thread.js runs as a worker thread of a TrainingPool');
port.on('message', (job: TrainingJob) => {
  void answer(job).then((reply) => port.postMessage(reply));
});

async function answer(job: TrainingJob): Promise<TrainingReply> {
  try {
    const codec = threadCodec(job.kind);
    if (!codec) throw new ValidationError(`models of kind ${job.kind} do not train in a training thread`);
    const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    const model = await codec.decode(bytes, job.kindMeta);
    try {
      const estimator = codec.estimator(model, job.params);
      await train(estimator, job.action, unpackRows(job.X), job.Y);
      return { model: await codec.encode(estimator.model) };
    } finally {
      release(model);
    }
  } catch (error) {
    return { failure: threadFailure(error) };
  }
}

/** A TF.js model holds its weights as tensors until disposed, and a thread trains many models. */
function release(model: unknown): void {
  const disposable = model as { dispose?: unknown } | null;
  if (typeof disposable?.dispose === 'function') (disposable.dispose as () => void).call(model);
}
