import type { Queryable } from '@confiture/core';
import { useTestDatabase } from '@confiture/test-utils';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SchemaSnapshot } from '../types.js';
import { loadSnapshot, SNAPSHOT_QUERY_COUNT } from './load-snapshot.js';
import { KEY_DEFINITIONS_PUBLIC_SQL, KEY_DEFINITIONS_SQL, keyDefinitions } from './test-helpers/key-definitions.js';

const db = useTestDatabase('lint_snapshot');
let client: pg.Client;
let snapshot: SchemaSnapshot;

const SCHEMA = `
create extension citext schema public;
create schema app;
create table app.users (
  id bigint generated always as identity primary key,
  email text collate "C" not null,
  handle citext,
  name varchar(100) default 'anon',
  shout text generated always as (upper(name)) stored,
  created_at timestamptz not null default now()
);
comment on table app.users is 'People who sign in';
comment on column app.users.email is 'Login address';
create unique index users_lower_email on app.users (lower(email));
create index users_name_partial on app.users (name text_pattern_ops desc nulls first) include (created_at) where name is not null;
create index users_email_posix on app.users (email collate "POSIX");
create index users_odd_keys on app.users ((id + 1), (name || 'x'), coalesce(handle, 'h'), created_at desc nulls last, handle nulls first);
create index "Users Mixed" on app.users ("name" varchar_pattern_ops);
create index users_pred_and on app.users (id) where name is not null and (id > 5 or handle like 'a%');
create table app.orders (
  id int primary key,
  user_id bigint not null,
  region text,
  code text,
  constraint orders_user_fk foreign key (user_id) references app.users (id) match full on delete cascade deferrable,
  constraint orders_code_unique unique nulls not distinct (region, code),
  constraint orders_positive check (id > 0)
);
alter table app.orders add constraint orders_region_check check (region <> '') not valid;
create table app.bookings (room int, during tsrange, exclude using gist (during with &&));
create table app.measurements (city_id int not null, logdate date not null, primary key (city_id, logdate)) partition by range (logdate);
create table app.measurements_2024 partition of app.measurements for values from ('2024-01-01') to ('2025-01-01');
create index measurements_logdate on app.measurements (logdate);
create table app.readings (id int primary key, city_id int, logdate date, foreign key (city_id, logdate) references app.measurements);
create table app.parent (id int, note text);
create table app.child (extra int) inherits (app.parent);
alter table app.parent add constraint parent_id_positive check (id > 0);
create view app.active_users as select id, email from app.users where name is not null;
create materialized view app.user_counts as select count(*) as n from app.users;
comment on view app.active_users is 'Users with a name';
create function app.add(a int, b text default 'x') returns int language sql as $$ select a + 1 $$;
comment on function app.add(int, text) is 'Adds one';
create procedure app.touch(inout n int) language plpgsql as $$ begin n := n + 1; end $$;
create schema other;
create table other.things (id int);
create schema audit_log;
create table audit_log.events (id int);
create table other.targets (code text primary key);
create table app.cross_refs (target_code text references other.targets (code));
`;

function counting(inner: Queryable): Queryable & { count: number } {
  const wrapper = {
    count: 0,
    query(text: string, params?: any[]) {
      wrapper.count++;
      return inner.query(text, params);
    },
  };
  return wrapper;
}

beforeAll(async () => {
  client = await db.current.client();
  await client.query(SCHEMA);
  // An index left invalid by a failed concurrent build.
  await client.query(`create table app.dupes (v int); insert into app.dupes values (1), (1)`);
  await client.query('create unique index concurrently dupes_v_unique on app.dupes (v)').catch(() => {});
  snapshot = await loadSnapshot(client);
});

const table = (name: string) => snapshot.tables.find((t) => t.qualifiedName === name)!;
const index = (name: string) => snapshot.indexes.find((i) => `${i.schema}.${i.name}` === name)!;
const constraint = (name: string) => snapshot.constraints.find((c) => `${c.schema}.${c.name}` === name)!;

describe('loadSnapshot on a server', () => {
  it('describes the server, schemas and statistics', () => {
    expect(snapshot.version).toBe(1);
    expect(snapshot.source).toBe('database');
    expect(snapshot.serverVersion).toBeGreaterThanOrEqual(120000);
    expect(snapshot.schemas).toEqual(['app', 'audit_log', 'other', 'public']);
    expect(snapshot.statistics.available).toBe(true);
    expect(snapshot.statistics.reason).toBeNull();
    expect(Date.parse(snapshot.statistics.since ?? '')).toBeLessThanOrEqual(Date.parse(snapshot.capturedAt));
    expect(snapshot.files).toEqual([]);
  });

  it('reads tables with kinds, partitions, inheritance, sizes and comments', () => {
    const users = table('app.users');
    expect(users).toMatchObject({ schema: 'app', name: 'users', kind: 'table', partitionOf: null, inherits: [], comment: 'People who sign in' });
    expect(users.oid).toBeGreaterThan(0);
    expect(users.sizeBytes).toBeGreaterThanOrEqual(0);
    expect(typeof users.rowEstimate).toBe('number');
    expect(table('app.measurements').kind).toBe('partitioned-table');
    expect(table('app.measurements_2024').partitionOf).toBe('app.measurements');
    expect(table('app.measurements_2024').inherits).toEqual([]);
    expect(table('app.child').inherits).toEqual(['app.parent']);
    expect(table('app.child').partitionOf).toBeNull();
    expect(snapshot.tables.map((t) => t.qualifiedName)).not.toContain('app.active_users');
  });

  it('reads columns with types, defaults, identity, generated, collation and comments', () => {
    const cols = Object.fromEntries(table('app.users').columns.map((c) => [c.name, c]));
    expect(table('app.users').columns.map((c) => c.name)).toEqual(['id', 'email', 'handle', 'name', 'shout', 'created_at']);
    expect(cols.id).toMatchObject({ position: 1, type: 'bigint', typeOid: 20, notNull: true, identity: 'always', default: null, generated: null });
    expect(cols.email).toMatchObject({ type: 'text', collation: 'C', comment: 'Login address', notNull: true });
    expect(cols.handle).toMatchObject({ type: 'citext', collation: null });
    expect(cols.name).toMatchObject({ type: 'character varying(100)', default: "'anon'::character varying", identity: null, notNull: false });
    expect(cols.shout).toMatchObject({ generated: 'stored', default: null, generationExpression: 'upper(name::text)' });
    expect(cols.created_at?.default).toBe('now()');
  });

  it('reads index keys: expressions, opclasses, collations, ordering, INCLUDE and predicates', () => {
    const lower = index('app.users_lower_email');
    expect(lower).toMatchObject({ table: 'app.users', method: 'btree', isUnique: true, isPrimary: false, isValid: true, predicate: null, include: [] });
    expect(lower.keys).toEqual([{ column: null, expression: 'lower(email)', opclass: 'text_ops', collation: 'C', descending: false, nullsFirst: false }]);
    const partial = index('app.users_name_partial');
    expect(partial.keys).toEqual([{ column: 'name', expression: null, opclass: 'text_pattern_ops', collation: null, descending: true, nullsFirst: true }]);
    expect(partial.include).toEqual(['created_at']);
    expect(partial.predicate).toBe('name IS NOT NULL');
    expect(partial.definition).toMatch(/^CREATE INDEX users_name_partial ON app\.users/);
    expect(index('app.users_email_posix').keys[0]).toMatchObject({ column: 'email', collation: 'POSIX' });
    expect(index('app.users_pkey')).toMatchObject({ isPrimary: true, isUnique: true, constraint: 'users_pkey' });
    expect(index('app.users_pkey').keys[0]).toMatchObject({ column: 'id', opclass: 'int8_ops', collation: null });
    expect(index('app.users_pkey').scans).toBe(0);
  });

  it('reads uniqueness variants, exclusion indexes, invalid indexes and partitioned indexes', () => {
    expect(index('app.orders_code_unique')).toMatchObject({ isUnique: true, nullsNotDistinct: true, constraint: 'orders_code_unique' });
    expect(index('app.orders_pkey').nullsNotDistinct).toBe(false);
    const exclusion = snapshot.indexes.find((i) => i.table === 'app.bookings')!;
    expect(exclusion).toMatchObject({ method: 'gist', isUnique: false, constraint: 'bookings_during_excl' });
    expect(index('app.dupes_v_unique').isValid).toBe(false);
    expect(index('app.measurements_logdate')).toMatchObject({ partitioned: true, parentIndex: null, scans: null });
    const child = snapshot.indexes.find((i) => i.table === 'app.measurements_2024' && i.keys[0]?.column === 'logdate' && i.keys.length === 1)!;
    expect(child).toMatchObject({ partitioned: false, parentIndex: 'app.measurements_logdate' });
    expect(child.scans).toBe(0);
  });

  it("rebuilds index definitions exactly as pg_get_indexdef prints them", async () => {
    const { rows } = await client.query<{ name: string; def: string }>(
      `select n.nspname || '.' || c.relname as name, pg_get_indexdef(c.oid) as def
         from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'app'`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(15);
    const ours = Object.fromEntries(snapshot.indexes.filter((i) => i.schema === 'app').map((i) => [`${i.schema}.${i.name}`, i.definition]));
    expect(ours).toEqual(Object.fromEntries(rows.map((r) => [r.name, r.def])));
  });

  it('reads constraints with columns, foreign keys, validation, deferrability and inheritance', () => {
    expect(constraint('app.orders_user_fk')).toMatchObject({
      table: 'app.orders',
      type: 'foreign-key',
      columns: ['user_id'],
      validated: true,
      deferrable: true,
      inherited: false,
      foreignKey: { referencedTable: 'app.users', referencedColumns: ['id'], onDelete: 'cascade', onUpdate: 'no action', match: 'full' },
    });
    expect(constraint('app.orders_code_unique')).toMatchObject({ type: 'unique', columns: ['region', 'code'], foreignKey: null });
    expect(constraint('app.orders_positive')).toMatchObject({ type: 'check', columns: ['id'], definition: 'CHECK (id > 0)' });
    expect(constraint('app.orders_region_check').validated).toBe(false);
    expect(constraint('app.bookings_during_excl').type).toBe('exclusion');
    const readingsFk = snapshot.constraints.find((c) => c.table === 'app.readings' && c.type === 'foreign-key')!;
    expect(readingsFk.columns).toEqual(['city_id', 'logdate']);
    expect(readingsFk.foreignKey?.referencedColumns).toEqual(['city_id', 'logdate']);
    const pkOfPartition = snapshot.constraints.find((c) => c.table === 'app.measurements_2024' && c.type === 'primary-key')!;
    expect(pkOfPartition.inherited).toBe(true);
    expect(snapshot.constraints.find((c) => c.table === 'app.measurements' && c.type === 'primary-key')?.inherited).toBe(false);
    const inheritedCheck = snapshot.constraints.find((c) => c.table === 'app.child' && c.name === 'parent_id_positive')!;
    expect(inheritedCheck.inherited).toBe(true);
    expect(snapshot.constraints.some((c) => (c.type as string) === 'not-null')).toBe(false);
  });

  it('reads views, materialized views, functions and comments', () => {
    const view = snapshot.views.find((v) => v.qualifiedName === 'app.active_users')!;
    expect(view).toMatchObject({ materialized: false, comment: 'Users with a name' });
    expect(view.definition).toContain('FROM app.users');
    expect(snapshot.views.find((v) => v.qualifiedName === 'app.user_counts')?.materialized).toBe(true);
    const add = snapshot.functions.find((f) => f.name === 'add')!;
    expect(add).toMatchObject({ signature: 'app.add(integer, text)', kind: 'function', language: 'sql', comment: 'Adds one' });
    expect(add.body).toContain('select a + 1');
    expect(snapshot.functions.find((f) => f.name === 'touch')).toMatchObject({ kind: 'procedure', language: 'plpgsql', signature: 'app.touch(integer)' });
    expect(snapshot.comments).toEqual(
      expect.arrayContaining([
        { object: 'app.users', objectKind: 'table', text: 'People who sign in' },
        { object: 'app.users.email', objectKind: 'column', text: 'Login address' },
        { object: 'app.active_users', objectKind: 'view', text: 'Users with a name' },
        { object: 'app.add(integer, text)', objectKind: 'function', text: 'Adds one' },
      ]),
    );
  });

  it('leaves out extension-owned objects and system schemas', () => {
    expect(snapshot.functions.filter((f) => f.schema === 'public')).toEqual([]);
    expect(snapshot.schemas.some((s) => s.startsWith('pg_') || s === 'information_schema')).toBe(false);
    expect(snapshot.tables.every((t) => !t.schema.startsWith('pg_'))).toBe(true);
  });

  it('applies schema include and exclude globs', async () => {
    const only = await loadSnapshot(client, { schemas: { include: ['app', 'audit_*'], exclude: ['audit_log'] } });
    expect(only.schemas).toEqual(['app']);
    expect(new Set(only.tables.map((t) => t.schema))).toEqual(new Set(['app']));
    const withoutApp = await loadSnapshot(client, { schemas: { exclude: ['app'] } });
    expect(withoutApp.tables.map((t) => t.qualifiedName).sort()).toEqual(['audit_log.events', 'other.targets', 'other.things']);
    // A foreign key to a schema that is not loaded still names the referenced columns.
    const cross = only.constraints.find((c) => c.table === 'app.cross_refs' && c.type === 'foreign-key');
    expect(cross?.foreignKey).toMatchObject({ referencedTable: 'other.targets', referencedColumns: ['code'] });
    expect(cross?.columns).toEqual(['target_code']);
    expect(withoutApp.indexes.map((i) => i.name)).toEqual(['targets_pkey']);
    expect(withoutApp.functions).toEqual([]);
  });

  it('issues the same fixed number of queries whatever the schema size', async () => {
    const small = counting(client);
    await loadSnapshot(small, { schemas: { include: ['other'] } });
    await client.query(`create schema many; ${Array.from({ length: 60 }, (_, i) => `create table many.t${i} (id int primary key, ref int references many.t0 (id)); create index on many.t${i} (ref);`).join('\n')}`);
    const large = counting(client);
    const many = await loadSnapshot(large, { schemas: { include: ['many'] } });
    expect(many.tables).toHaveLength(60);
    expect(many.indexes).toHaveLength(120);
    expect(small.count).toBe(SNAPSHOT_QUERY_COUNT);
    expect(large.count).toBe(SNAPSHOT_QUERY_COUNT);
  });

  it('reports statistics unavailable when told the source is embedded', async () => {
    const embedded = await loadSnapshot(client, { source: 'embedded', schemas: { include: ['app'] } });
    expect(embedded.source).toBe('embedded');
    expect(embedded.statistics).toMatchObject({ available: false, since: null });
    expect(embedded.statistics.reason).toMatch(/embedded/);
    expect(embedded.indexes.every((i) => i.scans === null)).toBe(true);
  });

  it('estimates sizes from relpages without touching files, or reads them with exactSizes', async () => {
    await client.query(`create schema sizes; create table sizes.t (id int primary key, v text); insert into sizes.t select g, repeat('x', 200) from generate_series(1, 3000) g`);
    const sized = async (exactSizes: boolean) => {
      const s = await loadSnapshot(client, { schemas: { include: ['sizes'] }, exactSizes });
      return { table: s.tables[0]!.sizeBytes, index: s.indexes[0]!.sizeBytes };
    };
    const exact = await sized(true);
    expect(exact.table).toBeGreaterThan(3000 * 200);
    expect(exact.index).toBeGreaterThan(8192);
    // Never analyzed: relpages is still 0.
    expect((await sized(false)).table).toBe(0);
    await client.query('analyze sizes.t');
    const estimated = await sized(false);
    expect(estimated.table % 8192).toBe(0);
    expect(estimated.table).toBeGreaterThan(3000 * 200);
    expect(estimated.table).toBeLessThanOrEqual(exact.table);
    expect(estimated.index).toBe(exact.index);
  });

  it('is JSON-serializable', () => {
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });
});

describe('constraint definitions', () => {
  it('spells keys exactly as pg_get_constraintdef does, whatever the search_path', async () => {
    await client.query(KEY_DEFINITIONS_PUBLIC_SQL);
    await client.query(KEY_DEFINITIONS_SQL);
    try {
      // References print bare when the table is visible, schema-qualified otherwise.
      for (const searchPath of ['"$user", public', 'keys_vis', 'keys_vis, "Keys"', 'pg_catalog']) {
        await client.query(`set search_path = ${searchPath}`);
        const loaded = await loadSnapshot(client, { schemas: { include: ['Keys', 'keys_vis', 'app'] } });
        expect(loaded.constraints.length).toBeGreaterThanOrEqual(25);
        const { ours, server } = await keyDefinitions(client, loaded);
        expect(ours).toEqual(server);
      }
    } finally {
      await client.query('reset search_path');
    }
  });
});
