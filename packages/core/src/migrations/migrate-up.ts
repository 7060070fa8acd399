import { hostname } from 'node:os';
import { ConfitureError, isConfitureError } from '../errors.js';
import type { Queryable } from '../queryable.js';
import { withAdvisoryLock } from './advisory-lock.js';
import { driftError, findDrift, type DriftedMigration, type MissingMigrationFile } from './drift.js';
import { loadMigrations, versionOrder, type MigrationFile, type MigrationsDirOptions } from './migration-files.js';
import { quoteLiteral } from './script-errors.js';
import { phaseError, type MigrationRef, type MigrationRun, type OnPhase } from './phases.js';
import { checkTransactionControl, runStep, stepContext, type MigrationSession, type MigrationStep, type StepRun } from './run-migration.js';
import { DEFAULT_TRACKING_TABLE, ensureTrackingTable, readTrackingRows, resolveTrackingTable, type TrackingTable } from './tracking-table.js';

/** Options shared by the commands that change the database. */
export interface MigrateRunOptions extends MigrationsDirOptions {
  /** Table recording applied migrations, optionally schema-qualified (default `confiture_migrations`). */
  readonly trackingTable?: string;
  /** How long to wait for another run holding the migration lock, in ms (default 30 000). */
  readonly lockWaitTimeoutMs?: number;
  /** Lifecycle callback, see {@link OnPhase}. */
  readonly onPhase?: OnPhase;
}

/** Options for {@link migrateUp}. */
export interface MigrateUpOptions extends MigrateRunOptions {
  /** Apply pending migrations up to this version, inclusive (default: all). */
  readonly target?: string;
  /** Apply even when applied migrations changed or lost their file (reported in the result). */
  readonly allowDrift?: boolean;
}

/** What {@link migrateUp} did. */
export interface MigrateUpResult {
  /** Migrations applied by this run, in order, with the time their SQL took. */
  readonly applied: MigrationRun[];
  /** How many migrations were applied before this run. */
  readonly alreadyApplied: number;
  /** Pending migrations left for later because they come after `target`. */
  readonly remaining: MigrationRef[];
  /** True when nothing was pending (up to the target). */
  readonly upToDate: boolean;
  /** Drift found and allowed (`allowDrift`); empty otherwise. */
  readonly drifted: DriftedMigration[];
  readonly missingFiles: MissingMigrationFile[];
  readonly trackingTable: string;
  readonly durationMs: number;
}

/** The name whose {@link advisoryLockKey} the migrator locks for a tracking table. */
export function migrationLockName(table: TrackingTable): string {
  return `confiture:migrate:${table.display}`;
}

/** `current_user@host` of this run, recorded in `applied_by`. */
export async function appliedBy(queryable: Queryable): Promise<string> {
  const { rows } = await queryable.query<{ user: string }>('select current_user as "user"');
  return `${rows[0]?.user ?? 'unknown'}@${hostname()}`;
}

/**
 * Applies pending migrations, each in its own transaction (BEGIN; the .up.sql; its tracking row;
 * COMMIT), in version order, up to `target` inclusive.
 *
 * - Concurrent runs against one database take turns: a session-level advisory lock derived from
 *   the tracking table's name (see {@link migrationLockName}) is held for the whole run, and the
 *   applied set is read after it is acquired, so no migration is ever applied twice. A run that
 *   waits longer than `lockWaitTimeoutMs` throws `CONFITURE_LOCK_TIMEOUT`.
 * - The tracking table is created when missing.
 * - An applied migration whose file changed or disappeared stops the run with
 *   `CONFITURE_MIGRATION_DRIFT` before anything is applied, unless `allowDrift`.
 * - A failing migration is rolled back and throws `CONFITURE_MIGRATION_FAILED` located at its
 *   file:line:column; migrations applied before it in the run stay applied (`details.applied`).
 *   When the server gives no position (`relation already exists`, a constraint violation), the
 *   migration is replayed statement by statement in a transaction that is rolled back, to find
 *   the failing statement.
 * - A migration whose first line is `-- confiture:no-transaction` runs statement by statement
 *   outside a transaction; its tracking row is written after its last statement.
 *
 * Give it one session (a client, not a pool).
 *
 * @example
 * ```ts
 * const connection = await connectPostgres(url);
 * try {
 *   const result = await migrateUp(connection, { root: process.cwd(), migrationsDir: 'db/migrations' });
 *   for (const m of result.applied) console.log(`applied ${m.version}_${m.name} (${m.durationMs.toFixed(0)} ms)`);
 * } finally {
 *   await connection.close();
 * }
 * ```
 */
export async function migrateUp(connection: MigrationSession, options: MigrateUpOptions): Promise<MigrateUpResult> {
  const started = performance.now();
  const migrations = await loadMigrations(options);
  const targetOrder = parseTarget(options.target);
  const table = await resolveTrackingTable(connection, options.trackingTable ?? DEFAULT_TRACKING_TABLE);
  const by = await appliedBy(connection);

  return withAdvisoryLock(connection, migrationLockName(table), { timeoutMs: options.lockWaitTimeoutMs, description: `migrations of ${table.display}` }, async () => {
    await ensureTrackingTable(connection, table);
    const rows = await readTrackingRows(connection, table);
    const drift = findDrift(migrations, rows);
    if (!options.allowDrift && (drift.drifted.length > 0 || drift.missingFiles.length > 0)) throw driftError(drift, table.display);

    const appliedOrders = new Set(rows.flatMap((r) => (r.order === null ? [] : [r.order])));
    if (targetOrder !== undefined && !migrations.some((m) => m.order === targetOrder) && !appliedOrders.has(targetOrder)) {
      throw targetNotFound(options.target!, migrations);
    }
    const pending = migrations.filter((m) => !appliedOrders.has(m.order));
    const planned = pending.filter((m) => targetOrder === undefined || m.order <= targetOrder);
    const remaining = pending.filter((m) => targetOrder !== undefined && m.order > targetOrder);

    const steps = planned.map((migration): MigrationStep => ({
      direction: 'up',
      migration,
      file: migration.file,
      text: migration.text,
      noTransaction: migration.noTransaction,
      record: (durationMs) =>
        `insert into ${table.sql} (version, name, checksum, applied_at, execution_ms, applied_by) values (` +
        `${[migration.version, migration.name, migration.checksum].map(quoteLiteral).join(', ')}, now(), ${Math.round(durationMs)}, ${quoteLiteral(by)})`,
    }));
    for (const step of steps) checkTransactionControl(step);

    const applied: MigrationRun[] = [];
    const run: StepRun = { direction: 'up', session: connection, planned: planned.map(ref), applied, onPhase: options.onPhase, trackingTable: table.display };
    await runPhases(run, steps, applied, 'Nothing was applied.');
    return {
      applied,
      alreadyApplied: rows.length,
      remaining: remaining.map(ref),
      upToDate: planned.length === 0,
      drifted: drift.drifted,
      missingFiles: drift.missingFiles,
      trackingTable: table.display,
      durationMs: performance.now() - started,
    };
  });
}

/**
 * Runs steps with their phases: before-migrate, then each step between before-migration and
 * after-migration (or migration-failed), then after-migrate.
 */
export async function runPhases(run: StepRun, steps: readonly MigrationStep[], done: MigrationRun[], nothingDone: string): Promise<void> {
  const { onPhase } = run;
  if (onPhase) {
    try {
      await onPhase('before-migrate', stepContext(run, undefined));
    } catch (error) {
      throw phaseError('before-migrate', error, nothingDone, undefined, done);
    }
  }
  for (const step of steps) {
    let durationMs: number;
    try {
      durationMs = await runStep(run, step);
    } catch (error) {
      throw await reportFailure(run, step, error);
    }
    done.push({ version: step.migration.version, name: step.migration.name, durationMs });
    if (onPhase) {
      try {
        await onPhase('after-migration', stepContext(run, step));
      } catch (error) {
        throw phaseError('after-migration', error, `Migration ${step.migration.version}_${step.migration.name} was committed; the run stopped after it.`, step.migration, done);
      }
    }
  }
  if (onPhase) {
    try {
      await onPhase('after-migrate', stepContext(run, undefined));
    } catch (error) {
      throw phaseError('after-migrate', error, 'All migrations of the run were committed.', undefined, done);
    }
  }
}

async function reportFailure(run: StepRun, step: MigrationStep, error: unknown): Promise<unknown> {
  if (!run.onPhase || !isConfitureError(error)) return error;
  try {
    await run.onPhase('migration-failed', stepContext(run, step, error));
    return error;
  } catch (hookError) {
    return new ConfitureError({
      code: error.code,
      message: error.message,
      hint: error.hint,
      location: error.location,
      details: { ...error.details, hookError: hookError instanceof Error ? hookError.message : String(hookError) },
      cause: error,
    });
  }
}

function ref(m: MigrationRef): MigrationRef {
  return { version: m.version, name: m.name };
}

function parseTarget(target: string | undefined): bigint | undefined {
  if (target === undefined) return undefined;
  const order = versionOrder(target.trim());
  if (order === null) {
    throw new ConfitureError({
      code: 'CONFITURE_USAGE',
      message: `Invalid target version ${JSON.stringify(target)}: a version is made of digits, like 20240101120000 or 001.`,
      hint: 'Give the version part of a migration file name (the digits before the first "_"); `confiture migrate status` lists them.',
    });
  }
  return order;
}

function targetNotFound(target: string, migrations: readonly MigrationFile[]): ConfitureError {
  const last = migrations.at(-1);
  return new ConfitureError({
    code: 'CONFITURE_MIGRATION_NOT_FOUND',
    message: `No migration has version ${target}.`,
    hint: last ? `Give the version of an existing migration (the latest is ${last.version}, ${last.file}); \`confiture migrate status\` lists them.` : 'There are no migrations yet: create one with `confiture migrate generate <name>`.',
    details: { target },
  });
}
