import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Matrix } from 'ml-matrix';

/** ml-logistic-regression ships no types: the part the raw workers use. */
interface LogisticRegressionClass {
  load(json: unknown): RawModel;
}

/** The small model as a hand-written BullMQ worker holds it. */
export interface RawModel {
  predict(X: Matrix): number[];
}

const require = createRequire(import.meta.url);

/** The model `JSON.stringify` wrote to `file`, restored without omegats (the raw side of a bench). */
export async function loadRawModel(file: string): Promise<RawModel> {
  const LogisticRegression = require('ml-logistic-regression') as LogisticRegressionClass;
  return LogisticRegression.load(JSON.parse(await readFile(file, 'utf8')));
}
