import { ConfitureError } from '../errors.js';
import type { Connection, QueryResult, Row } from '../queryable.js';

/** The subset of a PGlite instance Confiture uses, so callers may pass their own instance. */
export interface PgliteLike {
  query<T>(query: string, params?: any[]): Promise<{ rows: T[]; affectedRows?: number; rowCount?: number; fields: { name: string; dataTypeID: number }[] }>;
  exec(query: string): Promise<unknown>;
  close(): Promise<void>;
  readonly closed?: boolean;
}

/** Options for {@link openEmbedded}. */
export interface OpenEmbeddedOptions {
  /**
   * Directory that keeps the embedded database between runs. Omit for an in-memory
   * database that disappears when closed.
   */
  readonly dataDir?: string;
}

/**
 * Starts an embedded PostgreSQL (PGlite, PostgreSQL compiled to WebAssembly) in this process.
 * Start-up takes a couple of seconds, so open one and share it.
 *
 * @example
 * ```ts
 * const db = await openEmbedded();                           // in memory
 * const kept = await openEmbedded({ dataDir: '.confiture/embedded' }); // on disk
 * ```
 */
export async function openEmbedded(options: OpenEmbeddedOptions = {}): Promise<Connection> {
  let mod: typeof import('@electric-sql/pglite');
  try {
    mod = await import('@electric-sql/pglite');
  } catch (cause) {
    throw new ConfitureError({
      code: 'CONFITURE_DRIVER_MISSING',
      message: 'The embedded database (package "@electric-sql/pglite") is not installed.',
      hint: 'Install it next to @confiture/core: npm install @electric-sql/pglite, or give a --database-url.',
      cause,
    });
  }
  const instance = options.dataDir === undefined ? await mod.PGlite.create() : await mod.PGlite.create(options.dataDir);
  return fromPglite(instance, {
    label: options.dataDir === undefined ? 'embedded PostgreSQL (in memory)' : `embedded PostgreSQL (${options.dataDir})`,
  });
}

/**
 * Wraps an existing PGlite instance as a {@link Connection}. Closing the connection closes
 * the instance unless `ownsInstance` is false.
 */
export function fromPglite(instance: PgliteLike, options: { label?: string; ownsInstance?: boolean } = {}): Connection {
  return {
    kind: 'embedded',
    label: options.label ?? 'embedded PostgreSQL',
    async query<R extends Row = any>(text: string, params?: any[]): Promise<QueryResult<R>> {
      const result = await instance.query<R>(text, params);
      return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length, fields: result.fields };
    },
    async exec(sql: string): Promise<void> {
      await instance.exec(sql);
    },
    async close(): Promise<void> {
      if (options.ownsInstance !== false && !instance.closed) await instance.close();
    },
  };
}
