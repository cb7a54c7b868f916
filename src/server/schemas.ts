import { z } from 'zod';

/** A Date on the wire: an ISO 8601 string. Handlers return Dates; the serializer encodes them. */
export const IsoDate = z.codec(z.iso.datetime(), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});

/** An object's Metadata (API.md §3) as the REST API returns it. */
export const MetadataSchema = z
  .object({
    name: z.string(),
    bucket: z.string(),
    prefix: z.string(),
    kind: z.string(),
    kindMeta: z.record(z.string(), z.unknown()),
    attributes: z.record(z.string(), z.unknown()),
    created: IsoDate,
    modified: IsoDate,
  })
  .meta({ id: 'Metadata' });

/** The stores a list or a promotion names in its path. */
export const STORE_NAMES = ['datasets', 'models', 'scripts', 'jobs'] as const;
export type StoreName = (typeof STORE_NAMES)[number];

/** The path of a wildcard route (`/api/v1/model/*`): the object's name, maybe with `/` and modifiers. */
export const WildcardParams = z.object({ '*': z.string() });
