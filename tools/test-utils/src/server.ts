import pg from 'pg';

/** Key under which the global setup hands the server URL to test workers. */
export const SERVER_URL_ENV = 'CONFITURE_TEST_DATABASE_URL';
/** Set by the global setup when no server could be found; tests that need one fail with it. */
export const SERVER_ERROR_ENV = 'CONFITURE_TEST_SERVER_ERROR';

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function answers(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

async function dockerReachable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

/** What {@link discoverServer} found: a URL to an admin database, and how to stop it if we started it. */
export interface DiscoveredServer {
  readonly url: string;
  readonly source: 'env' | 'local' | 'testcontainers';
  stop(): Promise<void>;
}

/**
 * Finds a PostgreSQL server for the tests, in this order: `CONFITURE_TEST_DATABASE_URL`,
 * a server on 127.0.0.1:5432 (user postgres), a testcontainers PostgreSQL when a Docker
 * engine is reachable. Throws a message saying how to provide one otherwise.
 */
export async function discoverServer(): Promise<DiscoveredServer> {
  const fromEnv = process.env[SERVER_URL_ENV];
  if (fromEnv) {
    const failure = await answers(fromEnv);
    if (failure) throw new Error(`${SERVER_URL_ENV} is set but the server does not answer: ${failure}`);
    return { url: fromEnv, source: 'env', stop: async () => {} };
  }
  if ((await answers(LOCAL_URL)) === null) return { url: LOCAL_URL, source: 'local', stop: async () => {} };
  if (await dockerReachable()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:15-alpine').start();
    return { url: container.getConnectionUri(), source: 'testcontainers', stop: async () => void (await container.stop()) };
  }
  throw new Error(
    'No PostgreSQL server for the tests. Provide one of: CONFITURE_TEST_DATABASE_URL=postgres://user@host:port/db; ' +
      'a server on 127.0.0.1:5432 accepting user postgres (e.g. pg_ctlcluster --skip-systemctl-redirect 15 main start); ' +
      'or a running Docker engine (testcontainers starts postgres:15-alpine).',
  );
}

/** The server URL handed over by the global setup; throws the discovery message when there is none. */
export function serverUrl(): string {
  const url = process.env[SERVER_URL_ENV];
  if (url) return url;
  throw new Error(process.env[SERVER_ERROR_ENV] ?? `No test server: run the tests through the root vitest config, or set ${SERVER_URL_ENV}.`);
}
