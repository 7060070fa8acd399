import { freshPglite, useTestDatabase } from '@confiture/test-utils';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSnapshot } from '../snapshot/index.js';
import { objects, reloadSnapshot, runRule, snapshotFromSql } from './test-helpers/index.js';
import { unusedIndex } from './unused-index.js';

const db = useTestDatabase('lint_uix');
let client: pg.Client;
beforeAll(async () => {
  client = await db.current.client();
});

/** Runs index lookups, then pushes this session's counters to shared memory so the catalog sees them. */
async function scan(sql: string): Promise<void> {
  await client.query('set enable_seqscan = off');
  await client.query(sql);
  await client.query('reset enable_seqscan');
  await client.query('select pg_stat_force_next_flush()');
  // The flush happens when the session goes idle after the statement above.
  await client.query('select 1');
}

describe('unused-index', () => {
  it('reports never-scanned indexes, not used ones nor those backing keys, uniqueness or foreign keys', async () => {
    await snapshotFromSql(
      client,
      'uix_server',
      `create table customers (id int primary key, email text, nickname text, created_on date);
       create unique index customers_email_key on customers (email);
       create index customers_nickname_idx on customers (nickname);
       create index customers_created_idx on customers (created_on);
       create table orders (id int primary key, customer_id int references customers, placed_on date);
       create index orders_customer_placed_idx on orders (customer_id, placed_on);
       insert into customers select g, 'u' || g || '@example.com', 'n' || g, date '2024-01-01' + g from generate_series(1, 200) g;
       analyze customers;`,
    );
    await scan(`select * from uix_server.customers where created_on = date '2024-02-01'`);
    const snapshot = await reloadSnapshot(client, 'uix_server');
    expect(snapshot.indexes.find((i) => i.name === 'customers_created_idx')?.scans).toBeGreaterThan(0);

    const run = await runRule(unusedIndex, snapshot, { minStatsAgeDays: 0 });
    expect(objects(run)).toEqual(['uix_server.customers_nickname_idx']);
    expect(run.findings[0]?.message).toMatch(/^Index uix_server\.customers_nickname_idx on uix_server\.customers \(\d+(\.\d)? kB\) has had no scan in the \d+ days since usage statistics started \(\d{4}-\d{2}-\d{2}\)\.$/);
    expect(run.findings[0]?.fix).toBe('DROP INDEX CONCURRENTLY uix_server.customers_nickname_idx;');

    const big = await runRule(unusedIndex, snapshot, { minStatsAgeDays: 0, minSizeBytes: 1024 * 1024 });
    expect(big.findings).toEqual([]);
  });

  it('skips, with the reason, while statistics are younger than minStatsAgeDays (after pg_stat_reset)', async () => {
    await snapshotFromSql(client, 'uix_young', `create table notes (id int primary key, body text); create index notes_body_idx on notes (body);`);
    await client.query('select pg_stat_reset()');
    const snapshot = await reloadSnapshot(client, 'uix_young');
    const since = Date.parse(snapshot.statistics.since ?? '');
    expect(Date.parse(snapshot.capturedAt) - since).toBeLessThan(86_400_000);

    const run = await runRule(unusedIndex, snapshot);
    expect(run.findings).toEqual([]);
    expect(run.skipped).toHaveLength(1);
    expect(run.skipped[0]).toMatch(/statistics only cover 0\.\d days .* less than minStatsAgeDays \(7\)/);

    const now = await runRule(unusedIndex, snapshot, { minStatsAgeDays: 0 });
    expect(objects(now)).toEqual(['uix_young.notes_body_idx']);
  });

  it('judges partitioned indexes once at the parent, summing the partitions scans', async () => {
    await snapshotFromSql(
      client,
      'uix_parts',
      `create table readings (id int, taken_on date, sensor int, value numeric) partition by range (taken_on);
       create table readings_2024 partition of readings for values from ('2024-01-01') to ('2025-01-01');
       create table readings_2025 partition of readings for values from ('2025-01-01') to ('2026-01-01');
       create index readings_sensor_idx on readings (sensor);
       create index readings_value_idx on readings (value);
       insert into readings select g, date '2024-01-01' + g, g % 10, g from generate_series(1, 600) g;
       analyze readings;`,
    );
    await scan(`select * from uix_parts.readings where taken_on < date '2025-01-01' and sensor = 3`);
    const snapshot = await reloadSnapshot(client, 'uix_parts');
    const run = await runRule(unusedIndex, snapshot, { minStatsAgeDays: 0 });
    expect(objects(run)).toEqual(['uix_parts.readings_value_idx']);
    expect(run.findings[0]?.fix).toBe('DROP INDEX uix_parts.readings_value_idx;');
  });

  it('skips on the embedded database, whose counters reflect no workload', async () => {
    const pglite = await freshPglite();
    try {
      await pglite.exec('create table t (id int primary key, v text); create index t_v_idx on t (v);');
      const snapshot = await loadSnapshot(pglite, { schemas: { include: ['public'] } });
      expect(snapshot.source).toBe('embedded');
      const run = await runRule(unusedIndex, snapshot, { minStatsAgeDays: 0 });
      expect(run.findings).toEqual([]);
      expect(run.skipped).toEqual([expect.stringContaining('embedded database')]);
    } finally {
      await pglite.close();
    }
  });
});
