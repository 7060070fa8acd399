/** A row as drivers return it. */
export type Row = Record<string, any>;

/** The part of a query result Confiture reads. node-postgres and PGlite results both fit. */
export interface QueryResult<R extends Row = Row> {
  readonly rows: R[];
  /** Rows affected or returned by the statement, when the driver reports it. */
  readonly rowCount?: number | null;
  readonly fields?: ReadonlyArray<{ readonly name: string; readonly dataTypeID?: number }>;
}

/**
 * The one thing Confiture libraries need from a database: run a statement, with optional
 * parameters, and get rows back. A node-postgres `Client` or `PoolClient` and a PGlite
 * instance can be passed as they are. Libraries that need a single session (the dry-run,
 * the migrator) must be given a client, not a pool.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const client = new pg.Client(process.env.DATABASE_URL);
 * await client.connect();
 * const queryable: Queryable = client;
 * ```
 */
export interface Queryable {
  query<R extends Row = any>(text: string, params?: any[]): Promise<QueryResult<R>>;
}

/**
 * A connection opened by Confiture: a {@link Queryable} that can also run a script of several
 * statements and be closed.
 */
export interface Connection extends Queryable {
  /** `postgres` for a server reached through node-postgres, `embedded` for PGlite. */
  readonly kind: 'postgres' | 'embedded';
  /** A human description that never contains a password. */
  readonly label: string;
  /** Runs several statements separated by semicolons through the simple query protocol. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}
