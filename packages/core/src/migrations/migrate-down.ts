import { readSqlFile } from '../build/sql-file.js';
import { ConfitureError } from '../errors.js';
import { withAdvisoryLock } from './advisory-lock.js';
import { hasNoTransactionMarker, loadMigrations, type MigrationFile } from './migration-files.js';
import { migrationLockName, runPhases, type MigrateRunOptions } from './migrate-up.js';
import type { MigrationRef, MigrationRun } from './phases.js';
import { checkTransactionControl, type MigrationSession, type MigrationStep, type StepRun } from './run-migration.js';
import { quoteLiteral } from './script-errors.js';
import { splitStatements } from './split-statements.js';
import { DEFAULT_TRACKING_TABLE, readTrackingRows, resolveTrackingTable, trackingTableExists } from './tracking-table.js';

/** Options for {@link migrateDown}. */
export interface MigrateDownOptions extends MigrateRunOptions {
  /** How many applied migrations to revert, latest version first (default 1). */
  readonly steps?: number;
}

/** What {@link migrateDown} did. */
export interface MigrateDownResult {
  /** Migrations reverted by this run, in the order they were reverted. */
  readonly reverted: MigrationRun[];
  /** How many migrations are still applied. */
  readonly stillApplied: number;
  readonly trackingTable: string;
  readonly durationMs: number;
}

/**
 * Reverts the last `steps` applied migrations (highest versions first) with their `.down.sql`
 * files, each in its own transaction that also deletes its tracking row. Every one of them must
 * have a down file with at least one statement, checked before anything runs
 * (`CONFITURE_MIGRATION_NO_DOWN`). Holds the same advisory lock as {@link migrateUp}. When fewer
 * than `steps` migrations are applied, all of them are reverted. A down file whose first line is
 * `-- confiture:no-transaction` runs statement by statement.
 *
 * @example
 * ```ts
 * const { reverted } = await migrateDown(connection, { migrationsDir: 'db/migrations', steps: 2 });
 * ```
 */
export async function migrateDown(connection: MigrationSession, options: MigrateDownOptions): Promise<MigrateDownResult> {
  const started = performance.now();
  const count = options.steps ?? 1;
  if (!Number.isInteger(count) || count < 1) {
    throw new ConfitureError({
      code: 'CONFITURE_USAGE',
      message: `Invalid number of steps to revert: ${String(count)}.`,
      hint: 'Give a whole number of migrations to revert, 1 or more (--steps 1).',
    });
  }
  const migrations = await loadMigrations(options);
  const table = await resolveTrackingTable(connection, options.trackingTable ?? DEFAULT_TRACKING_TABLE);

  return withAdvisoryLock(connection, migrationLockName(table), { timeoutMs: options.lockWaitTimeoutMs, description: `migrations of ${table.display}` }, async () => {
    const rows = (await trackingTableExists(connection, table)) ? await readTrackingRows(connection, table) : [];
    const toRevert = [...rows].reverse().slice(0, count);
    const byOrder = new Map(migrations.map((m) => [m.order, m]));

    const problems: string[] = [];
    const steps: MigrationStep[] = [];
    for (const row of toRevert) {
      const migration = row.order === null ? undefined : byOrder.get(row.order);
      if (!migration) {
        problems.push(`${row.version}_${row.name} has no files in the migrations directory`);
        continue;
      }
      if (!migration.downAbsolutePath || !migration.downFile) {
        problems.push(`${migration.file} has no ${migration.version}_${migration.name}.down.sql`);
        continue;
      }
      const text = (await readSqlFile(migration.downAbsolutePath)).text;
      if (splitStatements(text).length === 0) {
        problems.push(`${migration.downFile} has no statements`);
        continue;
      }
      steps.push(downStep(migration, migration.downFile, text, table.sql, row.version));
    }
    if (problems.length > 0) {
      throw new ConfitureError({
        code: 'CONFITURE_MIGRATION_NO_DOWN',
        message: `Cannot revert ${toRevert.length} migration${toRevert.length === 1 ? '' : 's'}: ${problems.join('; ')}. Nothing was reverted.`,
        hint: 'Write the statements that undo the migration in <version>_<name>.down.sql next to its .up.sql, or revert fewer steps. A migration that cannot be undone is reverted by a new migration instead.',
        details: { problems, versions: toRevert.map((r) => r.version) },
      });
    }
    for (const step of steps) checkTransactionControl(step);

    const reverted: MigrationRun[] = [];
    const run: StepRun = { direction: 'down', session: connection, planned: steps.map((s) => ref(s.migration)), applied: reverted, onPhase: options.onPhase, trackingTable: table.display };
    await runPhases(run, steps, reverted, 'Nothing was reverted.');
    return { reverted, stillApplied: rows.length - reverted.length, trackingTable: table.display, durationMs: performance.now() - started };
  });
}

function downStep(migration: MigrationFile, file: string, text: string, tableSql: string, recordedVersion: string): MigrationStep {
  return {
    direction: 'down',
    migration,
    file,
    text,
    noTransaction: hasNoTransactionMarker(text),
    record: () => `delete from ${tableSql} where version = ${quoteLiteral(recordedVersion)}`,
  };
}

function ref(m: MigrationRef): MigrationRef {
  return { version: m.version, name: m.name };
}
