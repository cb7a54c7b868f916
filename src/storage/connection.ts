/** The SQL dialect of an engine. */
export type Dialect = 'sqlite' | 'postgres';

declare const opaque: unique symbol;

/**
 * The driver connection under a write transaction or a snapshot. Opaque: only the engine that
 * handed it out (its folder under storage/) can use it, through its table driver.
 */
export interface Connection {
  readonly [opaque]: 'Connection';
}
