/** Where a runtime sends its tasks, as `require()` and `mode()` set it. */
export interface Routing {
  /** Set by `require(label)`; beats a label bound in a model's metadata. */
  readonly label?: string;
  /** Set by `mode({ local })` or `require('local')`; else the context decides. */
  readonly local?: boolean;
}
