import { PGlite, type PGliteInterface } from '@electric-sql/pglite';

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
