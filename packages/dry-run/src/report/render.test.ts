import { useTestDatabase } from '@confiture/test-utils';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDryRun } from '../dry-run.js';
import { renderReport } from './render.js';
import type { DryRunReport } from './report-types.js';

const db = useTestDatabase();
let client: pg.Client;
let report: DryRunReport;

const MIGRATION = `set lock_timeout = '2s';
alter table customers add column nickname text;
create index customers_nickname on customers (nickname);
alter table invoices alter column total type bigint;
update invoices set total = total + 1 where id <= 3;
insert into invoices (customer_id, total) values (999, 1);
create index concurrently invoices_customer on invoices (customer_id);
`;

// Golden output must not depend on timings, oids or the server's build: a clock that ticks one
// millisecond per reading, and the version and fingerprints replaced.
function fakeClock(): () => number {
  let now = 0;
  return () => ++now;
}

function normalize(r: DryRunReport): DryRunReport {
  return {
    ...r,
    database: { ...r.database, serverVersion: '15' },
    ...(r.verification ? { verification: { ...r.verification, before: 'fingerprint-before', after: 'fingerprint-after' } } : {}),
  };
}

beforeAll(async () => {
  client = await db.current.client();
  await client.query(`
    create table customers (id serial primary key, email text not null);
    insert into customers (email) select 'c' || g || '@example.com' from generate_series(1, 40) g;
    create table invoices (id serial primary key, customer_id int not null references customers (id), total int not null);
    insert into invoices (customer_id, total) select (g % 40) + 1, g * 100 from generate_series(1, 40) g;
  `);
  report = normalize(
    await runDryRun(
      client,
      [{ file: 'db/migrations/0007_invoices.sql', sql: MIGRATION }],
      { verify: true, tableSizes: { 'public.invoices': { rows: 2_000_000 } }, handleSignals: false },
      { clock: fakeClock() },
    ),
  );
});

describe('renderReport', () => {
  it('renders concise text (golden)', async () => {
    await expect(renderReport(report, 'text')).toMatchFileSnapshot('./golden/report.txt');
  });

  it('renders the JSON contract (golden)', async () => {
    const json = renderReport(report, 'json');
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)));
    await expect(json).toMatchFileSnapshot('./golden/report.json');
  });

  it('renders markdown for a pull request (golden)', async () => {
    await expect(renderReport(report, 'markdown')).toMatchFileSnapshot('./golden/report.md');
  });

  it('colors the text only when asked', () => {
    const plain = renderReport(report, 'text');
    const colored = renderReport(report, 'text', { color: true });
    expect(plain).not.toContain('\u001b[');
    expect(colored).toContain('\u001b[31m'); // red: the failed, high-risk statement
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });

  it('shows every statement with all, and the notable ones otherwise', () => {
    const concise = renderReport(report, 'text');
    const all = renderReport(report, 'text', { all: true });
    expect(concise).not.toContain('db/migrations/0007_invoices.sql:1:1');
    expect(all).toContain('db/migrations/0007_invoices.sql:1:1');
  });
});
