import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { serverUrl } from './server.js';

/** A database created for one test file. */
export interface TestDatabase {
  readonly name: string;
  /** Connection URL of this database. */
  readonly url: string;
  /** A new connected node-postgres client; closed automatically when the database is dropped. */
  client(): Promise<pg.Client>;
  /** Drops the database (terminating its sessions). */
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates a fresh, empty database on the test server. */
export async function createTestDatabase(prefix = 'confiture_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`create database "${name}"`));
  const url = withDatabase(serverUrl(), name);
  const clients: pg.Client[] = [];
  return {
    name,
    url,
    async client() {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => {});
      await client.connect();
      clients.push(client);
      return client;
    },
    async drop() {
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
      await admin((c) => c.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/**
 * Registers a fresh database for the current test file: created in `beforeAll`, dropped in
 * `afterAll`. Read `.current` inside tests.
 */
export function useTestDatabase(prefix?: string): { readonly current: TestDatabase } {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(prefix);
  }, 30_000);
  afterAll(async () => {
    await db?.drop();
  }, 30_000);
  return {
    get current(): TestDatabase {
      if (!db) throw new Error('useTestDatabase(): the database is created in beforeAll; read .current inside a test or hook.');
      return db;
    },
  };
}
