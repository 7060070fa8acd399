import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freshPglite, useTestDatabase } from '@confiture/test-utils';
import { afterAll, beforeAll } from 'vitest';
import { fromPglite } from '../../connection/embedded.js';
import { connectPostgres } from '../../connection/postgres.js';
import { isConfitureError, type ConfitureError } from '../../errors.js';
import type { Connection } from '../../queryable.js';

/** A throw-away project directory. */
export interface Scratch {
  readonly root: string;
  write(path: string, content: string): void;
  remove(path: string): void;
}

const scratches: string[] = [];

/** Creates a temporary project with the given files (removed after the test file). */
export function scratchProject(files: Record<string, string> = {}): Scratch {
  const root = mkdtempSync(join(tmpdir(), 'confiture-core-'));
  scratches.push(root);
  const scratch: Scratch = {
    root,
    write(path, content) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    },
    remove(path) {
      unlinkSync(join(root, path));
    },
  };
  for (const [path, content] of Object.entries(files)) scratch.write(path, content);
  return scratch;
}

/** Removes the scratch projects of this test file. Call once at the top level of a test file. */
export function cleanScratchesAfterAll(): void {
  afterAll(() => {
    for (const root of scratches.splice(0)) rmSync(root, { recursive: true, force: true });
  });
}

/** The two backends every migrator test runs on. */
export interface Backend {
  readonly name: 'server' | 'pglite';
  open(): Promise<Connection>;
}

/**
 * Registers the test database of the file and returns both backends: a real server (one database
 * for the file) and PGlite (a clone of the worker's template). Call at the top level.
 */
export function useBackends(): Backend[] {
  const db = useTestDatabase();
  return [
    { name: 'server', open: () => connectPostgres(db.current.url) },
    { name: 'pglite', open: async () => fromPglite(await freshPglite(), { label: 'pglite (test)' }) },
  ];
}

/**
 * One connection per backend for a describe block, and a fresh schema per test (set as the
 * search_path) so tests share the database without seeing each other's tables.
 */
export function useIsolatedConnection(backend: Backend): { readonly connection: Connection; isolate(): Promise<string> } {
  let connection: Connection | undefined;
  let counter = 0;
  beforeAll(async () => {
    connection = await backend.open();
  });
  afterAll(async () => {
    await connection?.close();
  });
  return {
    get connection(): Connection {
      if (!connection) throw new Error('connection is opened in beforeAll');
      return connection;
    },
    async isolate(): Promise<string> {
      const schema = `t${++counter}_${Math.random().toString(36).slice(2, 8)}`;
      await connection!.exec(`create schema ${schema}; set search_path to ${schema}`);
      return schema;
    },
  };
}

/** Awaits a promise that must reject with a ConfitureError, and returns the error. */
export async function confitureErrorOf(promise: Promise<unknown>): Promise<ConfitureError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a ConfitureError, got a result: ${JSON.stringify(outcome.value)}`);
  if (!isConfitureError(outcome.error)) throw outcome.error;
  return outcome.error;
}

/** Names of the tables of a schema, sorted. */
export async function tablesOf(connection: Connection, schema: string): Promise<string[]> {
  const { rows } = await connection.query<{ name: string }>('select tablename as name from pg_tables where schemaname = $1 order by 1', [schema]);
  return rows.map((r) => r.name);
}
