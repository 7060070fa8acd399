import { ConfitureError, isConfitureError } from '../errors.js';
import type { Queryable } from '../queryable.js';

/** A migration, by version and name. */
export interface MigrationRef {
  readonly version: string;
  readonly name: string;
}

/** A migration this run applied (or reverted) and how long its SQL took. */
export interface MigrationRun extends MigrationRef {
  readonly durationMs: number;
}

/**
 * The moments of a migrate run a caller can plug into, in order:
 * `before-migrate` (lock held, plan known), then for each migration `before-migration` (inside
 * its transaction when it has one) and `after-migration` (after its commit), or
 * `migration-failed` (after its rollback), and `after-migrate` once all are done.
 */
export type MigrationPhase = 'before-migrate' | 'before-migration' | 'after-migration' | 'after-migrate' | 'migration-failed';

/** What a phase callback is told. */
export interface MigrationPhaseContext {
  readonly direction: 'up' | 'down';
  /** The connection's label (never a password). */
  readonly connection: string;
  /** The migration concerned, in the per-migration phases. */
  readonly migration: (MigrationRef & { readonly file: string; readonly noTransaction: boolean }) | undefined;
  /** Migrations this run is going to apply (or revert), in order. */
  readonly planned: readonly MigrationRef[];
  /** Migrations this run has applied (or reverted) so far. */
  readonly applied: readonly MigrationRun[];
  /** The migrator's session: in `before-migration` its statements run inside the migration's transaction. */
  readonly queryable: Queryable;
  /** The failure, in `migration-failed`. */
  readonly error: ConfitureError | undefined;
}

/**
 * Lifecycle callback of `migrateUp` and `migrateDown`. Throwing in a `before-*` phase aborts the
 * run (the current migration is rolled back); throwing in `after-migration` stops the run after
 * that migration's commit; an error thrown in `migration-failed` is attached to the migration's
 * error as `details.hookError`.
 *
 * @example
 * ```ts
 * const onPhase: OnPhase = async (phase, ctx) => {
 *   if (phase === 'after-migration') console.log(`applied ${ctx.migration?.version}`);
 * };
 * await migrateUp(connection, { migrationsDir: 'db/migrations', onPhase });
 * ```
 */
export type OnPhase = (phase: MigrationPhase, context: MigrationPhaseContext) => void | Promise<void>;

/** Wraps what a phase callback threw (ConfitureErrors pass through as they are). */
export function phaseError(phase: MigrationPhase, error: unknown, consequence: string, migration: MigrationRef | undefined, applied: readonly MigrationRun[]): ConfitureError {
  if (isConfitureError(error)) return error;
  const what = error instanceof Error ? error.message : String(error);
  return new ConfitureError({
    code: 'CONFITURE_MIGRATION_FAILED',
    message: `The ${phase} hook${migration ? ` of migration ${migration.version}_${migration.name}` : ''} failed: ${what}. ${consequence}`,
    hint: 'Fix the hook (or what it checks) and run the command again.',
    details: { phase, applied: applied.map((m) => `${m.version}_${m.name}`), ...(migration ? { version: migration.version, name: migration.name } : {}) },
    cause: error,
  });
}
