import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { dryRun, reportExceedsRisk, type DryRunOptions, type DryRunReport, type RiskLevel } from '@confiture/dry-run';
import type pg from 'pg';

/**
 * A minimal migration runner of the kind many applications carry: `*.sql` files applied in name
 * order, each in its own transaction, recorded in a `schema_migrations` table. The only Confiture
 * part is the gate: before applying anything, the pending files are dry-run on the same database
 * and the run is blocked when the risk reaches `failOn`.
 */
export interface MigrateOptions {
  /** Directory of the `*.sql` migrations. */
  readonly directory: string;
  /** Block when the dry-run's risk is at least this (default `high`). */
  readonly failOn?: RiskLevel;
  /** Passed to dryRun(): e.g. `tableSizes` of production, so that the verdict is about production. */
  readonly dryRun?: DryRunOptions;
}

export type MigrateResult =
  | { readonly status: 'up-to-date' }
  | { readonly status: 'blocked'; readonly report: DryRunReport }
  | { readonly status: 'applied'; readonly applied: readonly string[]; readonly report: DryRunReport };

async function pending(client: pg.Client, directory: string): Promise<string[]> {
  await client.query('create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())');
  const applied = new Set((await client.query<{ name: string }>('select name from schema_migrations')).rows.map((r) => r.name));
  const files = (await readdir(directory)).filter((f) => f.endsWith('.sql')).sort();
  return files.filter((f) => !applied.has(f));
}

export async function migrate(client: pg.Client, options: MigrateOptions): Promise<MigrateResult> {
  const files = await pending(client, options.directory);
  if (files.length === 0) return { status: 'up-to-date' };

  // The gate: every pending file, in order, in one rolled-back transaction on this very session.
  const report = await dryRun(client, { files }, { cwd: options.directory, verify: true, ...options.dryRun });
  if (report.summary.failed > 0 || reportExceedsRisk(report, options.failOn ?? 'high')) return { status: 'blocked', report };

  const applied: string[] = [];
  for (const file of files) {
    const sql = await readFile(join(options.directory, file), 'utf8');
    await client.query('begin');
    try {
      await client.query(sql);
      await client.query('insert into schema_migrations (name) values ($1)', [file]);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    }
    applied.push(file);
  }
  return { status: 'applied', applied, report };
}
