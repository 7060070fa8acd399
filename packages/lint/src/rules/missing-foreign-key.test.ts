import { useTestDatabase } from '@confiture/test-utils';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { missingForeignKey } from './missing-foreign-key.js';
import { objects, reloadSnapshot, runRule, snapshotFromSql } from './test-helpers/index.js';

const db = useTestDatabase('lint_mfk');
let client: pg.Client;
beforeAll(async () => {
  client = await db.current.client();
});

describe('missing-foreign-key', () => {
  it('reports <name>_id columns matching the key of a <name> or <names> table', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'mfk_basic',
      `create table customers (id bigint primary key);
       create table categories (category_id int primary key);
       create table people (id int primary key);
       create table coupons (id int primary key);
       create table orders (
         id bigint primary key,
         customer_id integer not null,        -- integer vs bigint: same family, a key can join them
         category_id int,
         person_id int,
         coupon_id text,                      -- type differs: not a reference
         external_id text,                    -- no "external" table
         legacy_customer_id bigint            -- no "legacy_customer" table
       );`,
    );
    const run = await runRule(missingForeignKey, snapshot);
    expect(objects(run)).toEqual(['mfk_basic.orders.category_id', 'mfk_basic.orders.customer_id', 'mfk_basic.orders.person_id']);
    const customer = run.findings.find((f) => f.column === 'customer_id');
    expect(customer?.message).toBe(
      'Column mfk_basic.orders.customer_id (integer) looks like a reference to mfk_basic.customers.id (bigint) but has no foreign key.',
    );
    expect(customer?.fix).toBe(
      'ALTER TABLE mfk_basic.orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES mfk_basic.customers (id) NOT VALID;\n' +
        'ALTER TABLE mfk_basic.orders VALIDATE CONSTRAINT orders_customer_id_fkey;',
    );
    for (const finding of run.findings) await client.query(finding.fix ?? '');
    expect((await runRule(missingForeignKey, await reloadSnapshot(client, 'mfk_basic'))).findings).toEqual([]);
  });

  it('leaves keyed, own-key, ambiguous and ignored columns, and history tables, alone', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'mfk_quiet',
      `create table tenants (id int primary key);
       create table users (user_id int primary key, tenant_id int references tenants);
       create table accounts (tenant_id int references tenants, id int, primary key (tenant_id, id));
       create table team (id int primary key);
       create table teams (id int primary key);
       -- team_id could mean team or teams: not reported
       create table notes (id int primary key, tenant_id int, account_id int, user_id int, team_id int,
                           foreign key (tenant_id, account_id) references accounts (tenant_id, id));
       create table imports (id int primary key, user_id int);
       create table login_history (id int primary key, user_id int);
       create table user_events (id int primary key, user_id int);`,
    );
    // notes.user_id is reported; imports.user_id too unless ignored.
    const run = await runRule(missingForeignKey, snapshot);
    expect(objects(run)).toEqual(['mfk_quiet.imports.user_id', 'mfk_quiet.notes.user_id']);
    const ignored = await runRule(missingForeignKey, snapshot, { ignoreColumns: ['imports.*'] });
    expect(objects(ignored)).toEqual(['mfk_quiet.notes.user_id']);
    const extraTables = await runRule(missingForeignKey, snapshot, { extraIgnoreTables: ['notes'] });
    expect(objects(extraTables)).toEqual(['mfk_quiet.imports.user_id']);
    const everyTable = await runRule(missingForeignKey, snapshot, { ignoreTables: [] });
    expect(objects(everyTable)).toEqual(['mfk_quiet.imports.user_id', 'mfk_quiet.login_history.user_id', 'mfk_quiet.notes.user_id', 'mfk_quiet.user_events.user_id']);
    const suffix = await runRule(missingForeignKey, snapshot, { suffixes: ['_ref'] });
    expect(suffix.findings).toEqual([]);
  });

  it('reports a partitioned table once, noting the partitions that declare the key', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'mfk_parts',
      `create table customers (id int primary key);
       create table payments (id int, paid_on date, customer_id int, primary key (id, paid_on)) partition by range (paid_on);
       create table payments_2024 partition of payments for values from ('2024-01-01') to ('2025-01-01');
       create table payments_2025 partition of payments for values from ('2025-01-01') to ('2026-01-01');
       alter table payments_2024 add foreign key (customer_id) references customers;`,
    );
    const run = await runRule(missingForeignKey, snapshot);
    expect(objects(run)).toEqual(['mfk_parts.payments.customer_id']);
    expect(run.findings[0]?.message).toContain('(1 of 2 partitions declare one; declare it on the partitioned table so every partition has it)');
    // NOT VALID is refused on partitioned tables.
    expect(run.findings[0]?.fix).toBe(
      'ALTER TABLE mfk_parts.payments ADD CONSTRAINT payments_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES mfk_parts.customers (id);',
    );
    await client.query(run.findings[0]?.fix ?? '');
  });
});
