import { ConfitureError } from '../errors.js';
import type { Connection, QueryResult, Row } from '../queryable.js';
import { describeUrl, redactUrl, scrubPassword } from './url.js';

/** Options for {@link connectPostgres}. */
export interface ConnectPostgresOptions {
  /** Give up connecting after this many milliseconds (default 10 000). */
  readonly connectTimeoutMs?: number;
  /** `application_name` the server shows in pg_stat_activity (default `confiture`). */
  readonly applicationName?: string;
}

async function loadPg(): Promise<typeof import('pg').default> {
  try {
    return (await import('pg')).default;
  } catch (cause) {
    throw new ConfitureError({
      code: 'CONFITURE_DRIVER_MISSING',
      message: 'The node-postgres driver (package "pg") is not installed.',
      hint: 'Install it next to @confiture/core: npm install pg',
      cause,
    });
  }
}

/**
 * Opens one node-postgres client session to a PostgreSQL server.
 * Connection failures become a `CONFITURE_CONNECTION_FAILED` error naming host and port,
 * with the password redacted.
 *
 * @example
 * ```ts
 * const connection = await connectPostgres('postgres://app@localhost:5432/app');
 * try {
 *   const { rows } = await connection.query('select 1 as one');
 * } finally {
 *   await connection.close();
 * }
 * ```
 */
export async function connectPostgres(url: string, options: ConnectPostgresOptions = {}): Promise<Connection> {
  const pg = await loadPg();
  const label = redactUrl(url);
  let client: InstanceType<typeof pg.Client>;
  try {
    client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      application_name: options.applicationName ?? 'confiture',
    });
  } catch (cause) {
    // The driver parses the URL in the constructor; its TypeError would read as a bug.
    throw new ConfitureError({
      code: 'CONFITURE_CONNECTION_FAILED',
      message: `The database URL ${label} cannot be parsed: ${scrubPassword(cause instanceof Error ? cause.message : String(cause), url)}.`,
      hint: 'Check the port (a number up to 65535) and percent-encode special characters of the user name and password: / as %2F, # as %23, ? as %3F, @ as %40, : as %3A.',
      details: { url: label },
    });
  }
  // An idle client whose server goes away emits 'error'; without a listener Node would crash.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (cause) {
    await client.end().catch(() => {});
    const { host, port, database, user } = describeUrl(url);
    const reason = scrubPassword(cause instanceof Error ? cause.message : String(cause), url);
    throw new ConfitureError({
      code: 'CONFITURE_CONNECTION_FAILED',
      message: `Could not connect to PostgreSQL at ${host}:${port} (database "${database}", user "${user}"): ${reason}`,
      hint: 'Check that the server is running and reachable, and the URL (--database-url, CONFITURE_DATABASE_URL, the environment file, or DATABASE_URL).',
      details: { host, port, database, url: label },
      cause,
    });
  }
  return {
    kind: 'postgres',
    label,
    async query<R extends Row = any>(text: string, params?: any[]): Promise<QueryResult<R>> {
      return client.query<R>(text, params);
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql);
    },
    async close(): Promise<void> {
      await client.end().catch(() => {});
    },
  };
}
