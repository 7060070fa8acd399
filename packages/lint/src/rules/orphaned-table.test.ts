import { useTestDatabase } from '@confiture/test-utils';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { orphanedTable } from './orphaned-table.js';
import { objects, runRule, snapshotFromSql } from './test-helpers/index.js';

const db = useTestDatabase('lint_orp');
let client: pg.Client;
beforeAll(async () => {
  client = await db.current.client();
});

describe('orphaned-table', () => {
  it('reports a table no foreign key touches, not logs, queues, settings or lookup tables', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'orp_basic',
      `create table customers (id int primary key);
       create table orders (id int primary key, customer_id int references customers);
       create table old_promotions (id int primary key, amount numeric, starts_on date, ends_on date);
       create table request_log (id bigint primary key, path text, at timestamptz);
       create table audit_trail (id bigint primary key, action text);
       create table email_queue (id bigint primary key, payload jsonb);
       create table settings (key text primary key, value text);
       create table schema_migrations (version text primary key);
       create table order_statuses (id int primary key, name text, sort_order int);
       create table us_states (state_id int primary key, state_name text, state_abbr text, state_region text);`,
    );
    const run = await runRule(orphanedTable, snapshot);
    expect(objects(run)).toEqual(['orp_basic.old_promotions']);
    expect(run.findings[0]?.message).toBe('Table orp_basic.old_promotions has no foreign key to or from any other table.');

    const noLookups = await runRule(orphanedTable, snapshot, { ignoreLookupTables: false });
    expect(objects(noLookups)).toEqual(['orp_basic.old_promotions', 'orp_basic.order_statuses', 'orp_basic.us_states']);
    // Configured patterns replace the defaults (settings(key, value) still has a lookup table's shape).
    const custom = await runRule(orphanedTable, snapshot, { ignorePatterns: ['old_*', '*_log'] });
    expect(objects(custom)).toEqual(['orp_basic.audit_trail', 'orp_basic.email_queue', 'orp_basic.schema_migrations']);
    // Extra patterns keep the defaults.
    const extra = await runRule(orphanedTable, snapshot, { extraIgnorePatterns: ['old_*'] });
    expect(extra.findings).toEqual([]);
  });

  it('counts partitions with their parent', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'orp_parts',
      `create table customers (id int primary key);
       create table payments (id int, paid_on date, customer_id int) partition by range (paid_on);
       create table payments_2024 partition of payments for values from ('2024-01-01') to ('2025-01-01');
       create table payments_2025 partition of payments for values from ('2025-01-01') to ('2026-01-01');
       alter table payments_2024 add foreign key (customer_id) references customers;
       create table readings (id int, taken_on date, value numeric) partition by range (taken_on);
       create table readings_2024 partition of readings for values from ('2024-01-01') to ('2025-01-01');`,
    );
    const run = await runRule(orphanedTable, snapshot);
    expect(objects(run)).toEqual(['orp_parts.readings']);
  });

  it('skips a schema that uses no foreign keys at all', async () => {
    const snapshot = await snapshotFromSql(client, 'orp_none', `create table a (id int primary key); create table b (id int primary key);`);
    const run = await runRule(orphanedTable, snapshot);
    expect(run.findings).toEqual([]);
    expect(run.skipped).toEqual([expect.stringContaining('declares no foreign keys')]);
  });
});
