import { ConfitureError } from '../errors.js';
import type { MigrationFile } from './migration-files.js';
import type { TrackingRow } from './tracking-table.js';

/** An applied migration whose file changed since it was applied. */
export interface DriftedMigration {
  readonly version: string;
  readonly name: string;
  readonly file: string;
  /** Checksum recorded when it was applied. */
  readonly appliedChecksum: string;
  /** Checksum of the file now. */
  readonly fileChecksum: string;
}

/** An applied migration whose file is gone. */
export interface MissingMigrationFile {
  readonly version: string;
  readonly name: string;
  readonly appliedAt: string | null;
  readonly checksum: string;
}

/** Applied migrations that no longer match the files. */
export interface DriftReport {
  readonly drifted: DriftedMigration[];
  readonly missingFiles: MissingMigrationFile[];
}

/** Matches tracking rows to files by numeric version and lists drifted and missing ones. */
export function findDrift(migrations: readonly MigrationFile[], rows: readonly TrackingRow[]): DriftReport {
  const byOrder = new Map(migrations.map((m) => [m.order, m]));
  const drifted: DriftedMigration[] = [];
  const missingFiles: MissingMigrationFile[] = [];
  for (const row of rows) {
    const file = row.order === null ? undefined : byOrder.get(row.order);
    if (!file) missingFiles.push({ version: row.version, name: row.name, appliedAt: row.appliedAt, checksum: row.checksum });
    else if (file.checksum !== row.checksum) {
      drifted.push({ version: row.version, name: file.name, file: file.file, appliedChecksum: row.checksum, fileChecksum: file.checksum });
    }
  }
  return { drifted, missingFiles };
}

/** The `CONFITURE_MIGRATION_DRIFT` error for a drift report. */
export function driftError(report: DriftReport, trackingTable: string): ConfitureError {
  const parts: string[] = [];
  const cap = <T>(list: T[], show: (item: T) => string): string =>
    list.slice(0, 10).map(show).join(', ') + (list.length > 10 ? ` and ${list.length - 10} more` : '');
  if (report.drifted.length > 0) {
    parts.push(
      `${report.drifted.length} applied migration file${report.drifted.length === 1 ? ' was' : 's were'} changed since applied: ` +
        cap(report.drifted, (d) => `${d.file} (applied ${d.appliedChecksum.slice(0, 12)}, now ${d.fileChecksum.slice(0, 12)})`),
    );
  }
  if (report.missingFiles.length > 0) {
    parts.push(
      `${report.missingFiles.length} applied migration${report.missingFiles.length === 1 ? ' has' : 's have'} no file any more: ` +
        cap(report.missingFiles, (m) => `${m.version}_${m.name}`),
    );
  }
  return new ConfitureError({
    code: 'CONFITURE_MIGRATION_DRIFT',
    message: `The migrations directory no longer matches what ${trackingTable} records. ${parts.join('. ')}. Nothing was applied.`,
    hint:
      'An applied migration must not change: restore the applied version of the file (e.g. from version control) and put the change in a new migration ' +
      '(confiture migrate generate <name>). If the edit is intended (comments, formatting) or the file was removed on purpose, run again allowing drift (--allow-drift).',
    details: { drifted: report.drifted, missingFiles: report.missingFiles },
  });
}
