import { ValidationError } from '../../errors.js';
import { type EncodedModel, type ModelCodec, noParams } from '../model-codec.js';
import { MljsEstimator } from './estimator.js';
import { type AnyFamily, factsOf, remember } from './family.js';
import { canonicalBytes, type Envelope, type JsonObject, readEnvelope } from './json.js';

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The codec of one ml.js class: UTF-8 JSON `{ class, fitted, options?, model?, features?,
 * classes? }` with sorted keys (see json.ts), decoded into the library's own object.
 */
export function familyCodec(family: AnyFamily): ModelCodec {
  const { kind, className } = family;
  return {
    kind,

    supports(obj: unknown): boolean {
      return family.is(obj);
    },

    estimator(model, params) {
      noParams(kind, params);
      if (!family.is(model)) throw new ValidationError(`the ${kind} codec drives ${className} objects only`);
      return new MljsEstimator(family, model);
    },

    async encode(obj: unknown): Promise<EncodedModel> {
      if (!family.is(obj)) throw new ValidationError(`the ${kind} codec encodes ${className} objects only`);
      const fitted = family.isFitted(obj);
      const facts = factsOf(family, obj);
      const classes = fitted ? facts.classes : undefined;
      const features = fitted ? facts.features : undefined;
      const envelope: Envelope = {
        class: className,
        fitted,
        options: family.options(obj),
        model: fitted ? (family.toModel(obj) as JsonObject) : undefined,
        features,
        // Only indexed classifiers need the labels behind their indices; the others keep theirs.
        classes: family.target === 'indexed' ? classes : undefined,
      };
      const meta: JsonObject = {
        class: className,
        ...(features === undefined ? {} : { features }),
        ...(classes === undefined ? {} : { classes: [...classes] }),
        ...(fitted ? family.meta?.(obj) : undefined),
      };
      return { bytes: canonicalBytes(envelope), fitted, meta };
    },

    async decode(bytes: Buffer): Promise<unknown> {
      const envelope = readEnvelope(bytes, className);
      const { options, model, features, classes } = envelope;
      let restored: object;
      try {
        restored = model === undefined ? family.create(options) : family.load(model, options, features);
      } catch (err) {
        throw new ValidationError(`stored ${className} model cannot be loaded: ${reason(err)}`, { cause: err });
      }
      if (family.isFitted(restored) !== envelope.fitted) {
        throw new ValidationError(`stored ${className} model is incomplete`);
      }
      if (!envelope.fitted) return restored;
      const facts = remember(family, restored, { features, classes });
      const own = family.classes?.(restored);
      if (family.target === 'indexed' && own !== undefined && classes !== undefined && own.length > classes.length) {
        throw new ValidationError(
          `stored ${className} model predicts ${own.length} classes but names ${classes.length}`,
        );
      }
      if (features !== undefined && facts.features !== features) {
        throw new ValidationError(`stored ${className} model reads ${facts.features} features, not ${features}`);
      }
      return restored;
    },
  };
}
