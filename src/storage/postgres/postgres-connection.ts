import type pg from 'pg';
import type { Connection } from '../connection.js';

class PostgresConnection {
  constructor(readonly client: pg.PoolClient) {}
}

export function postgresConnection(client: pg.PoolClient): Connection {
  return new PostgresConnection(client) as unknown as Connection;
}

/** The pg client under a connection this engine handed out. */
export function postgresClient(conn: Connection): pg.PoolClient {
  if (!((conn as unknown) instanceof PostgresConnection)) throw new Error('not a PostgreSQL connection');
  return (conn as unknown as PostgresConnection).client;
}
