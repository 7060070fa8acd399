import type { Queryable } from '@confiture/core';
import { freshPglite, useTestDatabase } from '@confiture/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../classify/classify.js';
import { analyzeStatement } from '../locks/predict.js';
import { ensureParser } from '../parse/parser.js';
import { Catalog } from './catalog.js';
import { loadCatalog, loadCatalogSnapshot } from './load.js';

const SCHEMA = `
  create schema app;
  create schema audit;
  create table app.users (id bigint generated always as identity primary key, email varchar(120) not null, name text default 'x',
                          total numeric(12,2), created timestamptz default now(), full_name text generated always as (name || '!') stored);
  create table public.users (id serial primary key);
  create table app.orders (id int primary key, user_id bigint references app.users (id) on delete cascade, note text);
  alter table app.orders add constraint orders_note_check check (note <> '') not valid;
  create index orders_user on app.orders (user_id);
  create index orders_lower_note on app.orders (lower(note), id);
  create view app.active_users as select id, email from app.users;
  create table app.events (id int, k int) partition by range (k);
  create table app.events_1 partition of app.events for values from (0) to (10);
  create table app.events_d partition of app.events default;
  create table audit.log (id int);
  create function app.touch() returns trigger language plpgsql as $$ begin return new; end $$;
  create trigger orders_touch before update on app.orders for each row execute function app.touch();
  insert into app.orders (id) select g from generate_series(1, 500) g;
  analyze app.orders;
`;

function counting(q: Queryable): { queryable: Queryable; count: () => number } {
  let n = 0;
  return {
    queryable: {
      query: (text: string, params?: unknown[]) => {
        n++;
        return q.query(text, params as never);
      },
    },
    count: () => n,
  };
}

beforeAll(async () => {
  await ensureParser();
});

describe('loadCatalog on a PostgreSQL server', () => {
  const db = useTestDatabase();
  let catalog: Catalog;

  beforeAll(async () => {
    const client = await db.current.client();
    await client.query(SCHEMA);
    await client.query('set search_path = app, public');
    catalog = await loadCatalog(client);
  });

  it('reads the server version, time zone, search path and schemas', () => {
    expect(catalog.serverVersion).toBeGreaterThanOrEqual(150000);
    expect(catalog.searchPath).toEqual(['pg_catalog', 'app', 'public']);
    expect(catalog.snapshot.schemas).toEqual(['app', 'audit', 'public']);
    expect(typeof catalog.timeZone).toBe('string');
    expect(catalog.live).toBe(true);
  });

  it('reads relations with kind, size, row estimate, filenode; indexes with table, definition, validity', () => {
    const orders = catalog.relation('app.orders');
    expect(orders).toMatchObject({ schema: 'app', name: 'orders', kind: 'r', rowEstimate: 500, createdInRun: false, triggers: [{ name: 'orders_touch', row: true }] });
    expect(orders?.sizeBytes).toBeGreaterThan(8192);
    expect(orders?.filenode).toBeGreaterThan(0);
    expect(catalog.relation('app.orders_user')).toMatchObject({
      kind: 'i',
      table: 'app.orders',
      index: { definition: 'CREATE INDEX orders_user ON app.orders USING btree (user_id)', valid: true, unique: false, primary: false, columns: ['user_id'] },
    });
    expect(catalog.relation('app.orders_lower_note')?.index?.columns).toEqual([null, 'id']);
    expect(catalog.relation('app.active_users')?.kind).toBe('v');
    expect(catalog.relation('app.events')).toMatchObject({ kind: 'p', defaultPartition: 'app.events_d', partitionKey: ['k'] });
    expect(catalog.relation('app.events_1')).toMatchObject({ isPartition: true, parents: ['app.events'] });
    expect(catalog.relation('app.users_id_seq')).toMatchObject({ kind: 'S', ownedBy: { table: 'app.users', column: 'id' } });
    expect(catalog.relation('pg_catalog.pg_class')).toBeUndefined();
  });

  it('reads columns with types, defaults, identity, generation and sequences', () => {
    const users = catalog.relation('app.users');
    expect(users?.columns.map((c) => [c.name, c.type, c.typeName, c.notNull, c.identity, c.generated, c.sequence])).toEqual([
      ['id', 'bigint', 'int8', true, 'always', null, 'app.users_id_seq'],
      ['email', 'character varying(120)', 'varchar', true, null, null, null],
      ['name', 'text', 'text', false, null, null, null],
      ['total', 'numeric(12,2)', 'numeric', false, null, null, null],
      ['created', 'timestamp with time zone', 'timestamptz', false, null, null, null],
      ['full_name', 'text', 'text', false, null, 'stored', null],
    ]);
    expect(catalog.column('app.users', 'name')?.default).toBe("'x'::text");
    // pg_get_expr qualifies names that the search path (app, public) would not find first
    expect(catalog.column('public.users', 'id')).toMatchObject({ default: "nextval('public.users_id_seq'::regclass)", sequence: 'public.users_id_seq' });
  });

  it('reads constraints: type, columns, validation, referenced table and actions, backing index', () => {
    const byName = new Map(catalog.constraintsOf('app.orders').map((c) => [c.name, c]));
    expect(byName.get('orders_user_id_fkey')).toMatchObject({ type: 'f', columns: ['user_id'], referencedTable: 'app.users', referencedColumns: ['id'], onDelete: 'c', validated: true });
    expect(byName.get('orders_note_check')).toMatchObject({ type: 'c', columns: ['note'], validated: false });
    expect(byName.get('orders_pkey')).toMatchObject({ type: 'p', index: 'app.orders_pkey' });
    expect(catalog.referencingConstraints('app.users').map((c) => c.name)).toEqual(['orders_user_id_fkey']);
  });

  it('reads dependencies: views on columns, triggers on functions', () => {
    expect(catalog.dependentsOf('app.users', 'email').map((d) => [d.kind, d.name])).toEqual([['view', 'app.active_users']]);
    expect(catalog.viewSources('app.active_users')).toEqual(['app.users']);
    expect(catalog.dependentsOfFunction('app.touch').map((d) => [d.kind, d.name, d.relation])).toEqual([['trigger', 'orders_touch on app.orders', 'app.orders']]);
  });

  it('reads functions (built-in ones too) with argument counts and volatility', () => {
    expect(catalog.functionsNamed('random').some((f) => f.volatility === 'v')).toBe(true);
    expect(catalog.functionsNamed('now')[0]?.volatility).toBe('s');
    expect(catalog.functionsNamed('touch', 'app')[0]).toMatchObject({ argCount: 0, kind: 'f', language: 'plpgsql' });
  });

  it('resolves names through the search path, in its order', () => {
    expect(catalog.resolve({ schema: null, name: 'users' }).key).toBe('app.users');
    expect(catalog.resolve({ schema: 'public', name: 'users' }).entry?.schema).toBe('public');
    expect(catalog.resolve({ schema: null, name: 'log' })).toMatchObject({ key: 'app.log', entry: undefined });
    expect(catalog.resolve({ schema: 'audit', name: 'log' }).entry?.kind).toBe('r');
    expect(catalog.type({ schema: null, name: 'int4' })?.schema).toBe('pg_catalog');
  });

  it('reads everything with a fixed number of queries, whatever the number of tables', async () => {
    const client = await db.current.client();
    const before = counting(client);
    await loadCatalog(before.queryable);
    await client.query(Array.from({ length: 40 }, (_, i) => `create table audit.t${i} (id int primary key, v text)`).join(';'));
    const after = counting(client);
    const snapshot = await loadCatalogSnapshot(after.queryable);
    expect(snapshot.relations.filter((r) => r.schema === 'audit').length).toBeGreaterThanOrEqual(81);
    expect(after.count()).toBe(before.count());
    expect(after.count()).toBeLessThanOrEqual(8);
  });

  it('fails with a ConfitureError saying which part of the catalog could not be read', async () => {
    const broken: Queryable = { query: async () => Promise.reject(new Error('permission denied for table pg_class')) };
    await expect(loadCatalog(broken)).rejects.toMatchObject({ code: 'CONFITURE_DRY_RUN_FAILED', message: expect.stringContaining('Reading the catalog (settings) failed') });
  });
});

describe('the run overlay', () => {
  const db = useTestDatabase();
  let catalog: Catalog;

  beforeAll(async () => {
    const client = await db.current.client();
    await client.query(SCHEMA);
    catalog = await loadCatalog(client);
  });

  async function replay(sql: string, run: Catalog): Promise<void> {
    for (const s of await classify(sql, 'up.sql')) analyzeStatement(s, run);
  }

  it('sees objects created, renamed, moved and dropped earlier in the run, without touching the snapshot', async () => {
    const run = catalog.fork();
    await replay(
      [
        'CREATE TABLE app.invoices (id serial PRIMARY KEY, amount numeric(10,2), user_id bigint REFERENCES app.users (id));',
        'CREATE INDEX invoices_user ON app.invoices (user_id);',
        'ALTER TABLE app.invoices ADD COLUMN paid boolean, DROP COLUMN amount;',
        'ALTER TABLE app.orders RENAME TO purchases;',
        'ALTER TABLE audit.log SET SCHEMA app;',
        'DROP VIEW app.active_users;',
        'CREATE VIEW app.paid AS SELECT * FROM app.invoices;',
        'CREATE SEQUENCE app.counter;',
      ].join('\n'),
      run,
    );
    expect(run.relation('app.invoices')).toMatchObject({ kind: 'r', createdInRun: true });
    expect(run.relation('app.invoices')?.columns.map((c) => c.name)).toEqual(['id', 'user_id', 'paid']);
    expect(run.relation('app.invoices_id_seq')).toMatchObject({ kind: 'S', ownedBy: { table: 'app.invoices', column: 'id' } });
    expect(run.indexesOf('app.invoices').map((i) => i.name)).toEqual(['invoices_user']);
    expect(run.constraintsOf('app.invoices').map((c) => [c.name, c.type, c.referencedTable])).toEqual([
      ['invoices_pkey', 'p', null],
      ['invoices_user_id_fkey', 'f', 'app.users'],
    ]);
    expect(run.relation('app.orders')).toBeUndefined();
    expect(run.relation('app.purchases')).toMatchObject({ createdInRun: false, name: 'purchases' });
    expect(run.indexesOf('app.purchases').map((i) => i.name).sort()).toEqual(['orders_lower_note', 'orders_pkey', 'orders_user']);
    expect(run.constraintsOf('app.purchases').map((c) => c.name).sort()).toEqual(['orders_note_check', 'orders_pkey', 'orders_user_id_fkey']);
    expect(run.relation('app.log')?.schema).toBe('app');
    expect(run.relation('audit.log')).toBeUndefined();
    expect(run.relation('app.active_users')).toBeUndefined();
    expect(run.relation('app.paid')?.kind).toBe('v');
    expect(run.relation('app.counter')?.kind).toBe('S');
    // the snapshot and other forks are untouched
    expect(catalog.relation('app.orders')?.name).toBe('orders');
    expect(catalog.relation('app.invoices')).toBeUndefined();
    expect(catalog.fork().relation('app.purchases')).toBeUndefined();
  });

  it('drops the indexes, sequences, constraints and partitions of a dropped table', async () => {
    const run = catalog.fork();
    await replay('DROP TABLE app.users CASCADE;\nDROP TABLE app.events;', run);
    expect(run.relation('app.users_id_seq')).toBeUndefined();
    expect(run.relation('app.users_pkey')).toBeUndefined();
    expect(run.referencingConstraints('app.users')).toEqual([]);
    expect(run.relation('app.events_1')).toBeUndefined();
  });

  it('follows SET search_path and RESET for unqualified names', async () => {
    const run = catalog.fork();
    await replay('SET search_path = audit, app;\nCREATE TABLE extra (a int);', run);
    expect(run.searchPath).toEqual(['pg_catalog', 'audit', 'app']);
    expect(run.resolve({ schema: null, name: 'extra' }).key).toBe('audit.extra');
    expect(run.resolve({ schema: null, name: 'users' }).key).toBe('app.users');
    await replay('RESET search_path;', run);
    expect(run.searchPath).toEqual(catalog.searchPath);
  });

  it('tracks constraints added and validated in the run', async () => {
    const run = catalog.fork();
    await replay('ALTER TABLE app.orders ADD CONSTRAINT note_nn CHECK (note IS NOT NULL) NOT VALID;', run);
    expect(run.constraintsOf('app.orders').find((c) => c.name === 'note_nn')).toMatchObject({ type: 'c', columns: ['note'], validated: false, expression: { NullTest: expect.anything() } });
    await replay('ALTER TABLE app.orders VALIDATE CONSTRAINT note_nn;', run);
    expect(run.constraintsOf('app.orders').find((c) => c.name === 'note_nn')?.validated).toBe(true);
  });

  it('is empty without a database: public schema, PostgreSQL 18 rules, learns from the run', async () => {
    const empty = Catalog.empty();
    expect([empty.live, empty.serverVersion, empty.creationSchema]).toEqual([false, 180000, 'public']);
    expect(empty.resolve({ schema: null, name: 'anything' }).key).toBe('public.anything');
    await replay('CREATE TABLE t (a int);', empty);
    expect(empty.relation('public.t')?.createdInRun).toBe(true);
  });
});

describe('loadCatalog on PGlite', () => {
  it('reads the same catalog from embedded PostgreSQL 18', async () => {
    const lite = await freshPglite();
    try {
      await lite.exec(SCHEMA);
      const catalog = await loadCatalog(lite);
      expect(catalog.serverVersion).toBeGreaterThanOrEqual(180000);
      expect(catalog.relation('app.orders')).toMatchObject({ kind: 'r', rowEstimate: 500 });
      expect(catalog.relation('app.users_id_seq')?.ownedBy).toEqual({ table: 'app.users', column: 'id' });
      expect(catalog.column('app.users', 'full_name')?.generated).toBe('stored');
      expect(catalog.dependentsOf('app.users', 'email').map((d) => d.name)).toEqual(['app.active_users']);
      expect(catalog.constraintsOf('app.orders').map((c) => c.type).sort()).toEqual(expect.arrayContaining(['c', 'f', 'p']));
    } finally {
      await lite.close();
    }
  });
});
