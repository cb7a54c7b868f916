import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../../src/errors.js';
import { estimatorFor } from '../../../src/models/mljs/index.js';
import { CASES, SPECIES, test, train } from './fixtures.js';

function invalid(pattern: RegExp) {
  return (err: unknown) => err instanceof ValidationError && pattern.test(err.message);
}

const argmax = (row: readonly number[]) => row.indexOf(Math.max(...row));

it('estimatorFor refuses what it does not know, naming the type', () => {
  for (const [model, name] of [
    [{}, 'Object'],
    [new Map(), 'Map'],
    [null, 'null'],
    [42, 'number'],
    [undefined, 'undefined'],
  ] as const) {
    assert.throws(() => estimatorFor(model), invalid(new RegExp(`^${name} is not an ml.js model`)), name);
  }
});

for (const c of CASES) {
  describe(`${c.kind} estimator`, () => {
    const classifier = c.task === 'classification';
    const Y = classifier ? train.species : train.target;
    const testY = classifier ? test.species : test.target;

    it('is fitted only after fit, which trains the model in place', async () => {
      const model = c.make();
      const estimator = estimatorFor(model);
      assert.equal(estimator.kind, c.kind);
      assert.equal(estimator.fitted, false);
      await estimator.fit(train.X, Y);
      assert.equal(estimator.fitted, true);
      assert.equal(estimator.model, model);
      assert.equal(estimatorFor(model).fitted, true);
    });

    it('refuses to predict, score or predictProba before fit', async () => {
      const estimator = estimatorFor(c.make());
      const unfitted = invalid(new RegExp(`^${c.className} is not fitted`));
      await assert.rejects(estimator.predict(test.X), unfitted);
      await assert.rejects(estimator.score(test.X, testY), unfitted);
      if (estimator.predictProba) await assert.rejects(estimator.predictProba(test.X), unfitted);
    });

    it(`predicts and scores (${classifier ? 'accuracy' : 'R²'})`, async () => {
      const estimator = estimatorFor(c.make());
      await estimator.fit(train.X, Y);
      const predicted = await estimator.predict(test.X);
      assert.equal(predicted.length, test.X.length);
      const score = await estimator.score(test.X, testY);
      if (classifier) {
        assert.ok(predicted.every((p) => typeof p === 'string' && SPECIES.includes(p as never)));
        const hits = predicted.filter((p, i) => p === test.species[i]).length;
        assert.equal(score, hits / test.X.length);
        assert.ok(score >= 0.9, `accuracy ${score}`);
      } else {
        assert.ok(predicted.every((p) => typeof p === 'number' && Number.isFinite(p)));
        assert.ok(score > 0.8 && score <= 1, `R² ${score}`);
      }
    });

    it(`keeps numeric labels as numbers`, { skip: !classifier }, async () => {
      const estimator = estimatorFor(c.make());
      await estimator.fit(
        train.X,
        train.classes.map((k) => k * 10 + 1),
      );
      const predicted = await estimator.predict(test.X);
      assert.ok(predicted.every((p) => p === 1 || p === 11 || p === 21));
      assert.ok(
        (await estimator.score(
          test.X,
          test.classes.map((k) => k * 10 + 1),
        )) >= 0.9,
      );
    });

    it(c.proba ? 'predictProba: one probability per class, summing to 1' : 'has no predictProba', async () => {
      const estimator = estimatorFor(c.make());
      assert.equal(estimator.predictProba === undefined, !c.proba);
      if (!estimator.predictProba) return;
      await estimator.fit(train.X, Y);
      const proba = await estimator.predictProba(test.X);
      const predicted = await estimator.predict(test.X);
      assert.equal(proba.length, test.X.length);
      proba.forEach((row, i) => {
        assert.equal(row.length, SPECIES.length);
        assert.ok(row.every((p) => p >= 0 && p <= 1));
        assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-9, `row ${i} sums to 1`);
        // Columns follow the sorted labels; the largest is the prediction on this well-separated data.
        assert.equal(SPECIES[argmax(row)], predicted[i], `row ${i}`);
      });
    });

    it('checks the feature count before predicting', async () => {
      const estimator = estimatorFor(c.make());
      await estimator.fit(train.X, Y);
      const narrow = test.X.map((row) => row.slice(0, 3));
      const wide = test.X.map((row) => [...row, 1]);
      await assert.rejects(estimator.predict(narrow), invalid(/^model expects 4 features, got 3$/));
      await assert.rejects(estimator.predict(wide), invalid(/^model expects 4 features, got 5$/));
      await assert.rejects(estimator.score(narrow, testY), invalid(/expects 4 features/));
      if (estimator.predictProba) await assert.rejects(estimator.predictProba(narrow), invalid(/expects 4 features/));
    });

    it('validates X: a non-empty array of equal-length rows of finite numbers', async () => {
      const estimator = estimatorFor(c.make());
      const holey = new Array<number>(4);
      holey[0] = 1;
      holey[1] = 2;
      holey[3] = 4;
      const bad: [string, unknown, RegExp][] = [
        ['not an array', 'abc', /non-empty array/],
        ['empty', [], /non-empty array/],
        ['a flat row', [1, 2, 3, 4], /row 0/],
        ['an empty row', [[]], /row 0/],
        [
          'ragged',
          [
            [1, 2, 3, 4],
            [1, 2, 3],
          ],
          /X row 1 has 3 values, row 0 has 4/,
        ],
        [
          'a string',
          [
            [1, 2, 3, 4],
            [1, 'a', 3, 4],
          ],
          /X\[1\]\[1\] is "a", not a finite number/,
        ],
        ['a numeric string', [[1, 2, '3', 4]], /X\[0\]\[2\]/],
        ['null', [[1, 2, 3, null]], /X\[0\]\[3\]/],
        ['NaN', [[1, Number.NaN, 3, 4]], /X\[0\]\[1\]/],
        ['Infinity', [[1, 2, Number.POSITIVE_INFINITY, 4]], /X\[0\]\[2\]/],
        ['a hole', [holey], /X\[0\]\[2\] is undefined/],
      ];
      const rows = (X: unknown) => (Array.isArray(X) ? X.length : 0);
      for (const [what, X, message] of bad) {
        await assert.rejects(estimator.fit(X as number[][], Y.slice(0, rows(X))), invalid(message), `fit: ${what}`);
      }
      assert.equal(estimator.fitted, false);
      await estimator.fit(train.X, Y);
      for (const [what, X, message] of bad) {
        await assert.rejects(estimator.predict(X as number[][]), invalid(message), `predict: ${what}`);
      }
    });

    it('validates Y: one target per row, labels or numbers', async () => {
      const estimator = estimatorFor(c.make());
      await assert.rejects(estimator.fit(train.X, Y.slice(1)), invalid(/^Y has 59 targets for 60 rows of X$/));
      await assert.rejects(estimator.fit(train.X, 'abc' as never), invalid(/^Y must be an array/));
      const broken = [...Y] as unknown[];
      broken[5] = classifier ? { label: 1 } : 'abc';
      await assert.rejects(estimator.fit(train.X, broken as never), invalid(/^Y\[5\] is/));
      assert.equal(estimator.fitted, false);
      await estimator.fit(train.X, Y);
      await assert.rejects(estimator.score(test.X, testY.slice(1)), invalid(/targets for 30 rows/));
    });
  });
}
