import type { Queryable } from '../queryable.js';
import { findDrift, type MissingMigrationFile } from './drift.js';
import { loadMigrations, type MigrationsDirOptions } from './migration-files.js';
import { DEFAULT_TRACKING_TABLE, readTrackingRows, resolveTrackingTable, trackingTableExists } from './tracking-table.js';

/** Options for {@link migrationStatus}. */
export interface MigrationStatusOptions extends MigrationsDirOptions {
  /** Table recording applied migrations, optionally schema-qualified (default `confiture_migrations`). */
  readonly trackingTable?: string;
}

/** One migration file and whether it is applied. JSON-safe. */
export interface MigrationStatusEntry {
  readonly version: string;
  readonly name: string;
  readonly applied: boolean;
  /** ISO 8601 time it was applied, or null. */
  readonly appliedAt: string | null;
  /** SHA-256 of the .up.sql file as it is now. */
  readonly checksum: string;
  /** True when it is applied and its file changed since. */
  readonly drift: boolean;
  readonly executionMs: number | null;
  readonly appliedBy: string | null;
  readonly file: string;
  readonly downFile: string | null;
  readonly noTransaction: boolean;
}

/** The state of the migrations of a database. JSON-safe. */
export interface MigrationStatus {
  /** Every migration file, in version order. */
  readonly migrations: MigrationStatusEntry[];
  /** Files not applied yet. */
  readonly pending: number;
  /** Rows of the tracking table (including those whose file is gone). */
  readonly applied: number;
  readonly drifted: number;
  /** Applied migrations whose file is gone. */
  readonly missingFiles: MissingMigrationFile[];
  readonly trackingTable: string;
  /** False when the tracking table does not exist yet (everything is pending). */
  readonly trackingTableExists: boolean;
}

/**
 * Lists the migration files and whether each is applied, with drift (an applied file that
 * changed) and applied migrations whose file is gone. Read-only: it never creates the tracking
 * table; when the table does not exist, every migration is pending.
 *
 * @example
 * ```ts
 * const status = await migrationStatus(client, { migrationsDir: 'db/migrations' });
 * process.stdout.write(JSON.stringify({ migrations: status.migrations }));
 * ```
 */
export async function migrationStatus(queryable: Queryable, options: MigrationStatusOptions): Promise<MigrationStatus> {
  const migrations = await loadMigrations(options);
  const table = await resolveTrackingTable(queryable, options.trackingTable ?? DEFAULT_TRACKING_TABLE);
  const exists = await trackingTableExists(queryable, table);
  const rows = exists ? await readTrackingRows(queryable, table) : [];
  const byOrder = new Map(rows.flatMap((r) => (r.order === null ? [] : [[r.order, r] as const])));
  const drift = findDrift(migrations, rows);
  const entries = migrations.map((m): MigrationStatusEntry => {
    const row = byOrder.get(m.order);
    return {
      version: m.version,
      name: m.name,
      applied: row !== undefined,
      appliedAt: row?.appliedAt ?? null,
      checksum: m.checksum,
      drift: row !== undefined && row.checksum !== m.checksum,
      executionMs: row?.executionMs ?? null,
      appliedBy: row?.appliedBy ?? null,
      file: m.file,
      downFile: m.downFile,
      noTransaction: m.noTransaction,
    };
  });
  return {
    migrations: entries,
    pending: entries.filter((e) => !e.applied).length,
    applied: rows.length,
    drifted: drift.drifted.length,
    missingFiles: drift.missingFiles,
    trackingTable: table.display,
    trackingTableExists: exists,
  };
}
