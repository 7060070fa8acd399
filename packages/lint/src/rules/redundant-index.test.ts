import { useTestDatabase } from '@confiture/test-utils';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { redundantIndex } from './redundant-index.js';
import { objects, runRule, snapshotFromSql } from './test-helpers/index.js';

const db = useTestDatabase('lint_rdx');
let client: pg.Client;
beforeAll(async () => {
  client = await db.current.client();
});

describe('redundant-index', () => {
  it('reports exact duplicates (keeping the older) and prefixes', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'rdx_basic',
      `create table orders (id int primary key, customer_id int, ordered_at date, status text);
       create index orders_customer_a on orders (customer_id);
       create index orders_customer_b on orders (customer_id);
       create index orders_status on orders (status);
       create index orders_status_date on orders (status, ordered_at);
       create index orders_date_status on orders (ordered_at, status);
       create index orders_date_desc on orders (ordered_at desc nulls first);`,
    );
    const run = await runRule(redundantIndex, snapshot);
    expect(objects(run)).toEqual(['rdx_basic.orders_customer_b', 'rdx_basic.orders_date_desc', 'rdx_basic.orders_status']);
    const byObject = new Map(run.findings.map((f) => [f.object, f]));
    expect(byObject.get('rdx_basic.orders_customer_b')?.message).toBe(
      'Index rdx_basic.orders_customer_b on rdx_basic.orders (customer_id) duplicates rdx_basic.orders_customer_a.',
    );
    expect(byObject.get('rdx_basic.orders_customer_b')?.fix).toBe('DROP INDEX CONCURRENTLY rdx_basic.orders_customer_b;');
    expect(byObject.get('rdx_basic.orders_status')?.message).toContain('is a prefix of rdx_basic.orders_status_date (status, ordered_at)');
    // A b-tree read backwards: (ordered_at DESC NULLS FIRST) serves what the leading ordered_at of the other does.
    expect(byObject.get('rdx_basic.orders_date_desc')?.message).toContain('is a prefix of rdx_basic.orders_date_status');
  });

  it('does not mix up collations, predicates, operator classes, methods, expressions or mixed orderings', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'rdx_distinct',
      `create table people (id int primary key, name text, email text, age int, nick text);
       create index people_name on people (name);
       create index people_name_c on people (name collate "C");
       create index people_name_pattern on people (name text_pattern_ops);
       create index people_name_adults on people (name) where age >= 18;
       create index people_name_hash on people using hash (name);
       create index people_lower_email on people (lower(email));
       create index people_email_age on people (email, age);
       create index people_age_desc_nick on people (age desc, nick);
       create index people_age_nick on people (age, nick);
       create index people_nick_incl on people (nick) include (email);
       create index people_nick_name on people (nick, name);`,
    );
    const run = await runRule(redundantIndex, snapshot);
    expect(objects(run)).toEqual([]);
  });

  it('reports duplicates that share the same predicate, collation, operator class or expression', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'rdx_same',
      `create table people (id int primary key, name text, email text, age int);
       create index people_adults_a on people (name) where age >= 18;
       create index people_adults_b on people (name) where (age >= 18);
       create index people_adults_city on people (name, email) where age >= 18;
       create index people_name_c_a on people (name collate "C");
       create index people_name_c_b on people (name collate "C");
       create index people_pattern_a on people (email text_pattern_ops);
       create index people_pattern_b on people (email text_pattern_ops, age);
       create index people_lower_a on people (lower(email));
       create index people_lower_b on people (lower(email));
       create index people_next_age_a on people ((age + 1), name);
       create index people_next_age_b on people ((age + 1));`,
    );
    const run = await runRule(redundantIndex, snapshot);
    // people_adults_a is a prefix of people_adults_city under the same predicate, and _b duplicates _a.
    expect(objects(run)).toEqual([
      'rdx_same.people_adults_a',
      'rdx_same.people_adults_b',
      'rdx_same.people_lower_b',
      'rdx_same.people_name_c_b',
      'rdx_same.people_next_age_b',
      'rdx_same.people_pattern_a',
    ]);
    const byObject = new Map(run.findings.map((f) => [f.object, f.message]));
    expect(byObject.get('rdx_same.people_adults_b')).toContain('duplicates rdx_same.people_adults_a');
    expect(byObject.get('rdx_same.people_adults_a')).toContain('is a prefix of rdx_same.people_adults_city');
    expect(byObject.get('rdx_same.people_lower_b')).toBe('Index rdx_same.people_lower_b on rdx_same.people (lower(email)) duplicates rdx_same.people_lower_a.');
    expect(byObject.get('rdx_same.people_pattern_a')).toContain('is a prefix of rdx_same.people_pattern_b');
    expect(byObject.get('rdx_same.people_next_age_b')).toBe(
      'Index rdx_same.people_next_age_b on rdx_same.people ((age + 1)) is a prefix of rdx_same.people_next_age_a ((age + 1), name), which serves the same lookups.',
    );
  });

  it('never reports a unique or primary key index as redundant to a non-unique one', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'rdx_unique',
      `create table accounts (id int primary key, code text, region int, handle text);
       alter table accounts add constraint accounts_id_key unique (id);
       create unique index accounts_code_key on accounts (code);
       create index accounts_code on accounts (code);
       create unique index accounts_region_key on accounts (region);
       create index accounts_region_handle on accounts (region, handle);
       create unique index accounts_handle_a on accounts (handle);
       create unique index accounts_handle_b on accounts (handle);
       create table tokens (id int primary key);
       create unique index tokens_id_key on tokens (id);`,
    );
    const run = await runRule(redundantIndex, snapshot);
    expect(objects(run)).toEqual(['rdx_unique.accounts_code', 'rdx_unique.accounts_handle_b', 'rdx_unique.accounts_id_key', 'rdx_unique.tokens_id_key']);
    const byObject = new Map(run.findings.map((f) => [f.object, f]));
    // A unique constraint duplicating the primary key is dropped as a constraint.
    expect(byObject.get('rdx_unique.accounts_id_key')?.fix).toBe('ALTER TABLE rdx_unique.accounts DROP CONSTRAINT accounts_id_key;');
    expect(byObject.get('rdx_unique.accounts_id_key')?.message).toContain('duplicates rdx_unique.accounts_pkey (backing constraint accounts_pkey)');
    expect(byObject.get('rdx_unique.tokens_id_key')?.fix).toBe('DROP INDEX CONCURRENTLY rdx_unique.tokens_id_key;');
  });

  it('compares INCLUDE columns and judges partition indexes at the parent', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'rdx_parts',
      `create table items (id int primary key, sku text, price numeric, stock int);
       create index items_sku on items (sku);
       create index items_sku_incl on items (sku) include (price);
       create index items_stock_incl on items (stock) include (price);
       create index items_stock_sku on items (stock, sku);
       create table events (id int, at date, kind text) partition by range (at);
       create table events_2024 partition of events for values from ('2024-01-01') to ('2025-01-01');
       create index events_kind on events (kind);
       create index events_kind_again on events (kind);
       create index events_2024_kind_local on events_2024 (kind);`,
    );
    const run = await runRule(redundantIndex, snapshot);
    expect(objects(run)).toEqual(['rdx_parts.events_2024_kind_local', 'rdx_parts.events_kind_again', 'rdx_parts.items_sku']);
    const byObject = new Map(run.findings.map((f) => [f.object, f]));
    // CONCURRENTLY is refused for partitioned indexes.
    expect(byObject.get('rdx_parts.events_kind_again')?.fix).toBe('DROP INDEX rdx_parts.events_kind_again;');
    expect(byObject.get('rdx_parts.events_2024_kind_local')?.fix).toBe('DROP INDEX CONCURRENTLY rdx_parts.events_2024_kind_local;');
    for (const finding of run.findings) await client.query(finding.fix ?? '');
  });

  it('leaves exclusion constraints alone', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'rdx_excl',
      `create extension if not exists btree_gist with schema public;
       create table bookings (room int, during tsrange, exclude using gist (room with =, during with &&));
       create index bookings_room_during on bookings using gist (room, during);`,
    );
    const run = await runRule(redundantIndex, snapshot);
    expect(objects(run)).toEqual(['rdx_excl.bookings_room_during']);
    expect(run.findings[0]?.message).toContain('duplicates rdx_excl.bookings_room_during_excl (backing constraint bookings_room_during_excl)');
  });
});
