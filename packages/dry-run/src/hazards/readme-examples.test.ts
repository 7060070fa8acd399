import { readFile } from 'node:fs/promises';
import { useTestDatabase } from '@confiture/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../catalog/catalog.js';
import { loadCatalog } from '../catalog/load.js';
import { classify } from '../classify/classify.js';
import { analyzeStatements } from '../locks/predict.js';
import { HAZARD_IDS } from './hazards.js';

// The hazards table of the README promises, per hazard, SQL that reports it and SQL that does
// not: both are run through the static analysis here, against the catalog of a real database.

interface Row {
  readonly id: string;
  readonly bad: string;
  /** Null when the good way is not SQL (a tool, a window). */
  readonly good: string | null;
  /** The good way still runs the reported statement (the README says so). */
  readonly stillReported: boolean;
}

function firstCode(cell: string): string | null {
  const match = /^`([^`]+)`/.exec(cell.trim());
  return match ? (match[1] as string) : null;
}

async function readmeRows(): Promise<Row[]> {
  const text = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const table = text.slice(text.indexOf('### Hazards'));
  const rows: Row[] = [];
  for (const line of table.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const cells = line.split(' | ');
    const id = /`([a-z-]+)`/.exec(cells[0] ?? '')?.[1];
    const bad = firstCode(cells[2] ?? '');
    if (!id || !bad) continue;
    rows.push({ id, bad, good: firstCode(cells[3] ?? ''), stillReported: (cells[3] ?? '').includes('still reported') });
  }
  return rows;
}

const db = useTestDatabase();
let catalog: Catalog;
let rows: Row[];

beforeAll(async () => {
  const client = await db.current.client();
  await client.query(`
    create table users (id bigint primary key, email text, name varchar(100), legacy_flag boolean);
    create table orders (id bigint primary key, user_id bigint, total integer);
    create index orders_total_idx on orders (total);
    create table events (id bigint primary key, created_at timestamptz);
    create table legacy_sessions (id bigint primary key);
    create table bookings (id int, during tstzrange);
    create materialized view daily_totals as select 1 as day, 0 as total;
    create unique index daily_totals_day on daily_totals (day);
    create table measurements (year int not null, value numeric) partition by range (year);
    create table measurements_2024 partition of measurements for values from (2024) to (2025);
    create table measurements_2025 (year int not null, value numeric);
  `);
  catalog = await loadCatalog(client);
  rows = await readmeRows();
});

async function reported(sql: string): Promise<string[]> {
  const analyses = analyzeStatements(await classify(sql, 'up.sql'), catalog);
  return analyses.flatMap((a) => a.hazards.map((h) => h.id));
}

describe('the README hazards table', () => {
  it('has a row for every hazard id, in the order of HAZARD_IDS', () => {
    expect(rows.map((r) => r.id)).toEqual([...HAZARD_IDS]);
  });

  it('gives bad SQL that reports its hazard', async () => {
    const missed: string[] = [];
    for (const row of rows) if (!(await reported(row.bad)).includes(row.id)) missed.push(`${row.id}: ${row.bad}`);
    expect(missed).toEqual([]);
  });

  it('gives good SQL that does not report it', async () => {
    const still: string[] = [];
    for (const row of rows) {
      if (row.good === null || row.stillReported) continue;
      if ((await reported(row.good)).includes(row.id)) still.push(`${row.id}: ${row.good}`);
    }
    expect(still).toEqual([]);
    // every row but the ones whose safe way is a tool or a window has good SQL
    expect(rows.filter((r) => r.good === null).map((r) => r.id)).toEqual(['table-rewrite', 'cluster']);
  });
});
