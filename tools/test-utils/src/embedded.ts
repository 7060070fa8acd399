import { PGlite, type PGliteInterface } from '@electric-sql/pglite';
import { afterAll, beforeAll } from 'vitest';

let template: Promise<PGlite> | undefined;

/**
 * A fresh embedded PostgreSQL for a test. Start-up costs seconds, so the first call in a worker
 * starts one template instance and every call returns a clone of it (about a second).
 * Close what you get.
 */
export async function freshPglite(): Promise<PGliteInterface> {
  template ??= PGlite.create();
  return (await template).clone();
}

/**
 * Registers a fresh embedded PostgreSQL for the current `describe` block (or file): cloned in
 * `beforeAll` and set up with `setupSql` when given, closed in `afterAll`. Read `.current`
 * inside tests.
 */
export function usePglite(setupSql?: string): { readonly current: PGliteInterface } {
  let lite: PGliteInterface | undefined;
  beforeAll(async () => {
    lite = await freshPglite();
    if (setupSql !== undefined) await lite.exec(setupSql);
  }, 60_000);
  afterAll(async () => {
    await lite?.close();
  });
  return {
    get current(): PGliteInterface {
      if (!lite) throw new Error('usePglite(): the database is cloned in beforeAll; read .current inside a test or hook.');
      return lite;
    },
  };
}
