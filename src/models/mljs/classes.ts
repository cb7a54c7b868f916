import { ValidationError } from '../../errors.js';
import { mljsFamilies } from './families.js';
import type { AnyFamily } from './family.js';

type OptionType = 'number' | 'boolean' | 'string' | 'object';

const FOREST: Record<string, OptionType> = {
  nEstimators: 'number',
  maxFeatures: 'number',
  replacement: 'boolean',
  seed: 'number',
  useSampleBagging: 'boolean',
  noOOB: 'boolean',
  maxSamples: 'number',
  treeOptions: 'object',
};
const TREE: Record<string, OptionType> = {
  gainFunction: 'string',
  splitFunction: 'string',
  minNumSamples: 'number',
  maxDepth: 'number',
  gainThreshold: 'number',
};

/** The constructor options of each class (from types.ts), by the name the library gives the class. */
const OPTIONS: Record<string, Record<string, OptionType>> = {
  RandomForestClassifier: FOREST,
  RandomForestRegression: { ...FOREST, selectionMethod: 'string' },
  DecisionTreeClassifier: TREE,
  DecisionTreeRegression: TREE,
  GaussianNB: {},
  LogisticRegression: { numSteps: 'number', learningRate: 'number' },
  KNN: { k: 'number' },
  MultivariateLinearRegression: { intercept: 'boolean', statistics: 'boolean' },
};

/** The ml.js class names omegats makes models of, as the libraries name them. */
export const mljsClassNames: readonly string[] = mljsFamilies.map((f) => f.className);

/** The family of a class name; a ValidationError listing the known names when there is none. */
export function mljsFamilyOf(className: string): AnyFamily {
  const family = mljsFamilies.find((f) => f.className === className);
  if (!family) {
    throw new ValidationError(`unknown model class ${JSON.stringify(className)} (known: ${mljsClassNames.join(', ')})`);
  }
  return family;
}

/**
 * An untrained instance of an ml.js class with these constructor options, each checked by name
 * and type (a misspelt option would otherwise be ignored by the library).
 */
export function untrainedMljsModel(className: string, options: Readonly<Record<string, unknown>>): object {
  const family = mljsFamilyOf(className);
  const known = OPTIONS[className] ?? {};
  for (const [name, value] of Object.entries(options)) {
    const type = Object.hasOwn(known, name) ? known[name] : undefined;
    if (type === undefined) {
      const names = Object.keys(known);
      throw new ValidationError(
        `${className} has no option ${JSON.stringify(name)} (${names.length > 0 ? `its options: ${names.join(', ')}` : 'it takes none'})`,
      );
    }
    const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    if (actual !== type) {
      throw new ValidationError(`option ${name} of ${className} must be a ${type}, not ${JSON.stringify(value)}`);
    }
  }
  try {
    return family.create({ ...options });
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError(`${className} refuses these options: ${(error as Error).message}`, { cause: error });
  }
}
