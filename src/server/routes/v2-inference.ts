import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { Omega } from '../../omega.js';
import type { Metadata } from '../../store/metadata.js';
import { requestScope } from '../request-scope.js';
import type { OmegaServer } from '../server-types.js';
import { parseModelPath } from '../v2/model-path.js';
import { modelSignature } from '../v2/model-signature.js';
import { featureRows, outputTensor, TENSOR_DATATYPES, type Tensor } from '../v2/tensor.js';

const Path = z.object({
  '*': z.string().describe('<name>[/versions/<version>][/ready|/infer]; the name may hold `/`'),
});

const TensorData = z.object({
  name: z.string(),
  shape: z.array(z.number().int()),
  datatype: z.string().describe(`one of ${TENSOR_DATATYPES.join(', ')}`),
  data: z.array(z.unknown()).describe('row-major values, flat or nested as the shape'),
});
const TensorSpec = z.object({ name: z.string(), datatype: z.string(), shape: z.array(z.number().int()) });

const InferRequest = z
  .object({
    id: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    inputs: z.array(TensorData.extend({ parameters: z.record(z.string(), z.unknown()).optional() })).min(1),
    outputs: z
      .array(z.object({ name: z.string(), parameters: z.record(z.string(), z.unknown()).optional() }))
      .optional(),
  })
  .meta({ id: 'InferRequest' });

const InferResponse = z.object({
  model_name: z.string(),
  model_version: z.string(),
  id: z.string().optional(),
  outputs: z.array(TensorData),
});

const ModelMetadata = z.object({
  name: z.string(),
  versions: z.array(z.string()),
  platform: z.string(),
  inputs: z.array(TensorSpec),
  outputs: z.array(TensorSpec),
});
const ModelReady = z.object({ name: z.string(), ready: z.boolean() });

/** The Open Inference Protocol (KServe/Triton "V2"): health, model metadata and readiness, infer. */
export async function v2InferenceRoutes(app: OmegaServer): Promise<void> {
  const health = { tags: ['v2'], security: [] };
  app.get(
    '/v2/health/live',
    {
      schema: {
        summary: 'Server liveness (no credentials)',
        ...health,
        response: { 200: z.object({ live: z.boolean() }) },
      },
    },
    async () => ({ live: true }),
  );
  app.get(
    '/v2/health/ready',
    {
      schema: {
        summary: 'Server readiness (no credentials)',
        ...health,
        response: { 200: z.object({ ready: z.boolean() }) },
      },
    },
    async () => ({ ready: true }),
  );

  app.get(
    '/v2/models/*',
    {
      schema: {
        summary: 'Model metadata, or readiness (/ready)',
        description:
          'Inputs and outputs are the columns of the X and Y datasets the model was last fitted on; a model trained on literal data takes input-0 and gives output-0.',
        tags: ['v2'],
        params: Path,
        response: { 200: z.union([ModelMetadata, ModelReady]) },
      },
    },
    async (request) => {
      const path = parseModelPath(request.params['*'], ['ready']);
      const om = await requestScope(request, 'read');
      const model = await requireModel(om, path.ref);
      if (path.endpoint === 'ready') return { name: path.name, ready: model.kindMeta.fitted === true };
      const signature = await modelSignature(om, model);
      const versions = (await om.models.revisions(path.name)).map((revision) => revision.version);
      return { name: path.name, versions, platform: model.kind, ...signature };
    },
  );

  app.post(
    '/v2/models/*',
    {
      schema: {
        summary: 'Infer: predictions for a batch of inputs (/infer)',
        description:
          'Dimension 0 of each input is the batch; the other dimensions are features (several inputs are joined feature-wise, in the model’s input order when they carry its input names).',
        tags: ['v2'],
        params: Path,
        body: InferRequest,
        response: { 200: InferResponse },
      },
    },
    async (request) => {
      const path = parseModelPath(request.params['*'], ['infer']);
      if (path.endpoint !== 'infer') {
        throw new ValidationError(`POST /v2/models/${request.params['*']}: the V2 endpoint to post to is …/infer`);
      }
      const om = await requestScope(request, 'run');
      const model = await requireModel(om, path.ref);
      const { inputs, outputs } = await modelSignature(om, model);
      const names = outputs.map((output) => output.name);
      const requested = request.body.outputs?.map((output) => output.name) ?? names;
      const unknown = requested.filter((name) => !names.includes(name));
      if (unknown.length > 0) {
        throw new ValidationError(`outputs: ${unknown.join(', ')} not among the model's outputs (${names.join(', ')})`);
      }
      const rows = featureRows(
        request.body.inputs,
        inputs.map((input) => input.name),
      );
      const predictions = await om.runtime.model(path.ref).predict<unknown[]>(rows);
      const tensors = outputTensors(names, predictions).filter((tensor) => requested.includes(tensor.name));
      return {
        model_name: path.name,
        model_version: String(model.kindMeta.version),
        ...(request.body.id === undefined ? {} : { id: request.body.id }),
        outputs: tensors,
      };
    },
  );
}

async function requireModel(om: Omega, ref: string): Promise<Metadata> {
  const model = await om.models.metadata(ref);
  if (!model)
    throw new NotFoundError(`models/${ref} (bucket ${om.bucketName}) does not exist in context ${om.context}`);
  return model;
}

/** One tensor per output: rows of k values split into k outputs when the model has k; else one tensor. */
function outputTensors(names: readonly string[], predictions: readonly unknown[]): Tensor[] {
  const [first = 'output-0'] = names;
  const split = names.length > 1 && predictions.every((row) => Array.isArray(row) && row.length === names.length);
  if (!split) return [outputTensor(first, predictions)];
  return names.map((name, k) =>
    outputTensor(
      name,
      predictions.map((row) => (row as unknown[])[k]),
    ),
  );
}
