import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import type { Omega } from '../../omega.js';
import { requestScope, scopeOf } from '../request-scope.js';
import { IsoDate, MetadataSchema, STORE_NAMES, type StoreName, WildcardParams } from '../schemas.js';
import type { OmegaServer } from '../server-types.js';

const PromoteBody = z
  .strictObject({
    toBucket: z.string().optional().describe('the target bucket (default: the request’s)'),
    toContext: z
      .string()
      .optional()
      .describe('a served context; its key goes in the header `target-authorization` (default: the request’s)'),
    asName: z.string().optional().describe('the name in the target'),
    dryRun: z.boolean().optional().describe('evaluate the conditions and return the plan; write nothing'),
    conditions: z.array(z.string()).optional().describe('conditions required on top of the target’s configured ones'),
    message: z.string().max(10_000).optional().describe('recorded in the ledger'),
    with: z
      .enum(['datasets'])
      .optional()
      .describe('models: `datasets` promotes the model with the datasets its fit recorded, in one target transaction'),
  })
  .meta({ id: 'PromoteBody' });

const Condition = z.object({ name: z.string(), passed: z.boolean(), detail: z.string().optional() });
const Address = z.object({
  context: z.string(),
  bucket: z.string(),
  prefix: z.string(),
  name: z.string(),
  version: z.string().optional(),
});
const PromotionRecord = z
  .object({
    id: z.string(),
    at: IsoDate,
    user: z.string(),
    action: z.enum(['promote', 'rollback']),
    source: Address.optional(),
    target: Address.omit({ version: true }),
    version: z.string().optional(),
    previousVersion: z.string().nullable().optional(),
    unchanged: z.boolean().optional(),
    conditions: z.array(Condition),
    message: z.string().optional(),
    bundle: z.string().optional().describe('shared by the records of one bundle promotion'),
  })
  .meta({ id: 'PromotionRecord' });
const PromotionPlan = z.object({
  action: z.enum(['create', 'replace', 'add-version']),
  source: Address,
  target: Address.omit({ version: true }),
  kind: z.string(),
  bytes: z.number().optional(),
  rows: z.number().optional(),
  copy: z.enum(['none', 'sql', 'stream']),
});
const memberFields = {
  metadata: MetadataSchema.nullable(),
  dryRun: z.boolean(),
  conditions: z.array(Condition),
  record: PromotionRecord.optional(),
  plan: PromotionPlan,
  unchanged: z.boolean(),
};
const BundleMember = z
  .object({
    ...memberFields,
    role: z.enum(['model', 'dataset']),
    trainedRevision: z.number().nullable().optional(),
    changedSinceFit: z.boolean().nullable().optional(),
  })
  .meta({ id: 'BundleMember' });
const PromotionResult = z
  .object({
    ...memberFields,
    bundle: z.string().optional().describe('a bundle promotion (`with`): the id its ledger records share'),
    members: z.array(BundleMember).optional().describe('a bundle promotion: the model, then its datasets'),
  })
  .meta({ id: 'PromotionResult' });

const StoreParams = z.object({ store: z.enum(STORE_NAMES) });

/** `POST /api/v1/promote/<store>/<name>` and the ledger `GET /api/v1/promotions/<store>[/<name>]`. */
export async function promotionRoutes(app: OmegaServer): Promise<void> {
  app.post(
    '/api/v1/promote/:store/*',
    {
      schema: {
        summary: 'Promote an object into another bucket or context',
        description:
          'Needs `read` on the source bucket and `promote` on the target bucket; into another context, a key of that context in `target-authorization`.',
        tags: ['promotion'],
        params: StoreParams.extend(WildcardParams.shape),
        body: PromoteBody,
        response: { 200: PromotionResult },
      },
      config: { audit: true },
    },
    async (request) => {
      const { store, '*': name } = request.params;
      const { toBucket, toContext, ...options } = request.body;
      if (toBucket === undefined && toContext === undefined && options.asName === undefined) {
        throw new ValidationError('give toBucket, toContext or asName: where to promote to');
      }
      const source = await requestScope(request, 'read');
      const otherContext = toContext !== undefined && toContext !== source.context;
      const target = await scopeOf(
        request,
        toContext ?? source.context,
        toBucket ?? source.bucketName,
        'promote',
        otherContext ? 'target-authorization' : 'authorization',
      );
      const user = target.caller?.name ?? request.caller?.name;
      return source[store].promote(name, target.om[store], { ...options, user });
    },
  );
  const ledger = async (om: Omega, store: StoreName, name: string | undefined) => ({
    promotions: await om[store].promotions(name),
  });
  const LedgerResponse = z.object({ promotions: z.array(PromotionRecord) });
  app.get(
    '/api/v1/promotions/:store',
    {
      schema: {
        summary: 'The ledger of a store',
        tags: ['promotion'],
        params: StoreParams,
        response: { 200: LedgerResponse },
      },
    },
    async (request) => ledger(await requestScope(request, 'read'), request.params.store, undefined),
  );
  app.get(
    '/api/v1/promotions/:store/*',
    {
      schema: {
        summary: 'The ledger of one object',
        tags: ['promotion'],
        params: StoreParams.extend(WildcardParams.shape),
        response: { 200: LedgerResponse },
      },
    },
    async (request) => ledger(await requestScope(request, 'read'), request.params.store, request.params['*']),
  );
}
