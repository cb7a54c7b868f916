import { ValidationError } from '../../errors.js';
import type { Estimator } from '../model-codec.js';
import { accuracy, rSquared } from '../scores.js';
import { checkLabels, checkRows, checkShape, checkTargets, sortLabels } from './data.js';
import { type AnyFamily, type Facts, factsOf, remember } from './family.js';
import type { Label } from './types.js';

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** One ml.js model behind the uniform Estimator face. Models are trained in place. */
export class MljsEstimator implements Estimator {
  /** Only for the classes whose library can tell class probabilities. */
  declare readonly predictProba?: (X: number[][]) => Promise<number[][]>;

  constructor(
    private readonly family: AnyFamily,
    readonly model: object,
  ) {
    if (family.predictProba !== undefined) this.predictProba = (X) => this.probabilities(X);
  }

  get kind(): string {
    return this.family.kind;
  }

  get fitted(): boolean {
    return this.family.isFitted(this.model);
  }

  async fit(X: number[][], Y: readonly (number | string)[]): Promise<void> {
    const { family, model } = this;
    const features = checkRows(X);
    let classes: Label[] | undefined;
    let y: readonly Label[];
    if (family.target === 'numeric') {
      y = checkTargets(Y, X.length);
    } else {
      const labels = checkLabels(Y, X.length);
      classes = sortLabels(labels);
      if (family.target === 'indexed') {
        const index = new Map(classes.map((label, i) => [label, i]));
        y = labels.map((label) => index.get(label) ?? -1);
      } else {
        y = labels;
      }
    }
    try {
      family.fit(model, X, y);
    } catch (err) {
      if (err instanceof ValidationError) throw err;
      throw new ValidationError(`${family.className} could not fit: ${reason(err)}`, { cause: err });
    }
    remember(family, model, { features, classes });
  }

  /** The facts of a trained model, with X checked against them. */
  private ready(X: number[][]): Facts {
    const { family, model } = this;
    if (!family.isFitted(model)) throw new ValidationError(`${family.className} is not fitted: call fit first`);
    const facts = factsOf(family, model);
    if (family.input === 'rows') checkRows(X, facts.features, facts.minFeatures);
    else checkShape(X, facts.features, facts.minFeatures);
    return facts;
  }

  async predict(X: number[][]): Promise<(number | string)[] | number[][]> {
    return this.predictions(X, this.ready(X));
  }

  private predictions(X: number[][], facts: Facts): Label[] | number[][] {
    const predicted = this.family.predict(this.model, X);
    const { classes } = facts;
    if (this.family.target !== 'indexed' || facts.identity || classes === undefined) return predicted;
    // Indices to labels, in place: the array is the library's fresh answer.
    const labels = predicted as Label[];
    for (let i = 0; i < labels.length; i++) labels[i] = classes[labels[i] as number] ?? (labels[i] as number);
    return labels;
  }

  private async probabilities(X: number[][]): Promise<number[][]> {
    const facts = this.ready(X);
    const { classes } = facts;
    if (classes === undefined || this.family.predictProba === undefined) {
      throw new ValidationError(`${this.family.className} cannot tell its classes, so not their probabilities`);
    }
    return this.family.predictProba(this.model, X, classes);
  }

  async score(X: number[][], Y: readonly (number | string)[]): Promise<number> {
    const facts = this.ready(X);
    if (this.family.target === 'numeric') {
      const targets = checkTargets(Y, X.length);
      const predicted = this.predictions(X, facts);
      if (Array.isArray(predicted[0])) {
        throw new ValidationError(`${this.family.className} predicts several outputs per row; score needs one`);
      }
      return rSquared(predicted as number[], targets);
    }
    const labels = checkLabels(Y, X.length);
    return accuracy(this.predictions(X, facts) as Label[], labels);
  }
}
