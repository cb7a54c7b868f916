/** What a model task can ask of a model (a leaf module: the CLI's help lists them without loading the runtime). */
export const MODEL_ACTIONS = [
  'fit',
  'partialFit',
  'predict',
  'predictProba',
  'score',
  'transform',
  'fitTransform',
] as const;
export type ModelAction = (typeof MODEL_ACTIONS)[number];
