/**
 * ml.js models are recognised by shape, not `instanceof`: a caller's copy of a package (a linked
 * install, another version) has classes of its own, and its models must be stored all the same.
 * A class is recognised by its name plus the tag its `toJSON` writes and its static `load` checks
 * (`name: 'RFClassifier'`, `modelName: 'NaiveBayes'`…). Nothing here loads a package.
 */

/** The field and value by which a class's `toJSON` names the model, e.g. `['name', 'KNN']`. */
export type JsonTag = readonly [field: string, value: string];

/** Own fields that let every ml.js `toJSON` run on a bare instance (a forest maps its estimators…). */
const PROBE_FIELDS = { estimators: [], weights: [], classes: [] } as const;

/** The longest prototype chain looked at: a class, its subclasses and their bases. */
const MAX_DEPTH = 8;

/** Per class prototype, the `toJSON` of a bare instance (null when it has none or it throws). */
const probed = new WeakMap<object, Readonly<Record<string, unknown>> | null>();

function probeJson(proto: object): Readonly<Record<string, unknown>> | null {
  let json = probed.get(proto);
  if (json !== undefined) return json;
  json = null;
  const toJSON: unknown = Reflect.get(proto, 'toJSON');
  if (typeof toJSON === 'function') {
    try {
      const value: unknown = toJSON.call(Object.assign(Object.create(proto), PROBE_FIELDS));
      if (typeof value === 'object' && value !== null) json = value as Record<string, unknown>;
    } catch {
      json = null;
    }
  }
  probed.set(proto, json);
  return json;
}

function constructorName(proto: object): string | undefined {
  const ctor: unknown = Object.hasOwn(proto, 'constructor') ? Reflect.get(proto, 'constructor') : undefined;
  return typeof ctor === 'function' ? ctor.name : undefined;
}

/**
 * Whether `obj` is an instance of the ml.js class `className` (or of a subclass), from whichever
 * copy of its package: a prototype on its chain belongs to a class of that name whose `toJSON`
 * writes `tag`.
 */
export function hasShape(obj: unknown, className: string, [field, value]: JsonTag): boolean {
  if (typeof obj !== 'object' || obj === null) return false;
  let proto: object | null = Object.getPrototypeOf(obj);
  for (let depth = 0; proto !== null && proto !== Object.prototype && depth < MAX_DEPTH; depth++) {
    if (constructorName(proto) === className) return probeJson(proto)?.[field] === value;
    proto = Object.getPrototypeOf(proto);
  }
  return false;
}
