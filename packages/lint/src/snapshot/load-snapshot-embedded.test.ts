import { freshPglite } from '@confiture/test-utils';
import type { PGliteInterface } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaSnapshot, SourceFile } from '../types.js';
import { loadSnapshot, SNAPSHOT_QUERY_COUNT } from './load-snapshot.js';
import { KEY_DEFINITIONS_PUBLIC_SQL, KEY_DEFINITIONS_SQL, keyDefinitions } from './test-helpers/key-definitions.js';

// Non-ASCII text before the objects: the parser reports UTF-8 byte offsets, lines must still be right.
const USERS = `-- Schéma des utilisateurs — « accents » avant les objets
create schema app;

create table app.users (
  id bigint generated always as identity primary key,
  email text not null,
  name text,
  shout text generated always as (upper(name)) virtual,
  constraint users_email_unique unique nulls not distinct (email)
);

-- confiture-lint-ignore pii-column legacy import, anonymized upstream
create index users_name_idx on app.users (name);
`;

const ORDERS = `set search_path = app;
create table orders (
  id int primary key,
  user_id bigint references users (id),
  total numeric check (total >= 0)
);
alter table orders add constraint orders_total_positive check (total > 0);
create index on orders (user_id);
create view big_orders as select * from orders where total > 100;
create function order_total(o int) returns numeric language sql as $$ select 1::numeric $$;
comment on table orders is 'Orders';
comment on column app.users.email is 'Login';
comment on function order_total(int) is 'Total';
comment on constraint orders_total_positive on orders is 'Positive';
`;

let pglite: PGliteInterface;
let snapshot: SchemaSnapshot;
const files: SourceFile[] = [
  { path: 'db/schema/01_users.sql', text: USERS },
  { path: 'db/schema/02_orders.sql', text: ORDERS },
];

beforeAll(async () => {
  pglite = await freshPglite();
  for (const file of files) await pglite.exec(file.text);
  await pglite.exec('set search_path = public');
  snapshot = await loadSnapshot(pglite, { files });
});

afterAll(async () => {
  await pglite?.close();
});

describe('loadSnapshot on the embedded database (PGlite)', () => {
  it('detects PGlite and reports statistics unavailable', () => {
    expect(snapshot.source).toBe('embedded');
    expect(snapshot.serverVersion).toBeGreaterThanOrEqual(180000);
    expect(snapshot.statistics.available).toBe(false);
    expect(snapshot.statistics.reason).toMatch(/embedded database/);
    expect(snapshot.indexes.length).toBeGreaterThan(0);
    expect(snapshot.indexes.every((i) => i.scans === null)).toBe(true);
  });

  it('reads PostgreSQL 18 features: virtual generated columns, nulls not distinct', () => {
    const users = snapshot.tables.find((t) => t.qualifiedName === 'app.users')!;
    expect(users.columns.find((c) => c.name === 'shout')).toMatchObject({ generated: 'virtual', generationExpression: 'upper(name)', default: null });
    expect(snapshot.indexes.find((i) => i.name === 'users_email_unique')?.nullsNotDistinct).toBe(true);
    // PostgreSQL 18 records NOT NULL as constraints; the snapshot keeps the same shape as on older servers.
    expect(snapshot.constraints.map((c) => c.type)).not.toContain('not-null');
  });

  it('keeps the files and issues the fixed number of queries', async () => {
    expect(snapshot.files).toEqual(files);
    let count = 0;
    await loadSnapshot({ query: (text: string, params?: any[]) => (count++, pglite.query(text, params)) });
    expect(count).toBe(SNAPSHOT_QUERY_COUNT);
  });
});

describe('source locations from files', () => {
  const table = (name: string) => snapshot.tables.find((t) => t.qualifiedName === name)!;

  it('locates tables and their columns, past multi-byte characters', () => {
    expect(table('app.users').location).toEqual({ file: 'db/schema/01_users.sql', line: 4, column: 1 });
    const email = table('app.users').columns.find((c) => c.name === 'email');
    expect(email?.location).toEqual({ file: 'db/schema/01_users.sql', line: 6, column: 3 });
  });

  it('resolves unqualified names through SET search_path', () => {
    expect(table('app.orders').location).toEqual({ file: 'db/schema/02_orders.sql', line: 2, column: 1 });
    expect(snapshot.views.find((v) => v.name === 'big_orders')?.location).toMatchObject({ file: 'db/schema/02_orders.sql', line: 9 });
    expect(snapshot.functions.find((f) => f.name === 'order_total')?.location).toMatchObject({ file: 'db/schema/02_orders.sql', line: 10 });
  });

  it('locates named and unnamed constraints and the indexes backing them', () => {
    const c = (t: string, type: string) => snapshot.constraints.filter((x) => x.table === t && x.type === type);
    expect(c('app.users', 'unique')[0]?.location).toMatchObject({ line: 9, column: 3 });
    expect(c('app.users', 'primary-key')[0]?.location).toMatchObject({ line: 5 });
    expect(c('app.orders', 'foreign-key')[0]?.location).toMatchObject({ file: 'db/schema/02_orders.sql', line: 4 });
    const checks = c('app.orders', 'check');
    expect(checks.find((x) => x.name === 'orders_total_positive')?.location).toMatchObject({ line: 7 });
    expect(checks.find((x) => x.name === 'orders_total_check')?.location).toMatchObject({ line: 5 });
    expect(snapshot.indexes.find((i) => i.name === 'users_email_unique')?.location).toMatchObject({ line: 9 });
    expect(snapshot.indexes.find((i) => i.name === 'users_pkey')?.location).toMatchObject({ line: 5 });
  });

  it('locates named and unnamed CREATE INDEX statements', () => {
    expect(snapshot.indexes.find((i) => i.name === 'users_name_idx')?.location).toEqual({ file: 'db/schema/01_users.sql', line: 13, column: 1 });
    expect(snapshot.indexes.find((i) => i.name === 'orders_user_id_idx')?.location).toMatchObject({ file: 'db/schema/02_orders.sql', line: 8 });
  });

  it('locates COMMENT ON statements', () => {
    const where = Object.fromEntries(snapshot.comments.map((c) => [`${c.objectKind} ${c.object}`, c.location?.line]));
    expect(where).toEqual({
      'table app.orders': 11,
      'column app.users.email': 12,
      'function app.order_total(integer)': 13,
      'constraint app.orders.orders_total_positive': 14,
    });
  });

  it('reads inline suppressions with the lines they cover', () => {
    expect(snapshot.suppressions).toEqual([
      { file: 'db/schema/01_users.sql', line: 12, rules: ['pii-column'], reason: 'legacy import, anonymized upstream', target: { startLine: 13, endLine: 13 } },
    ]);
    expect(snapshot.sourceErrors).toEqual([]);
  });
});

describe('constraint definitions on PostgreSQL 18', () => {
  it('spells keys exactly as pg_get_constraintdef does', async () => {
    await pglite.exec(`${KEY_DEFINITIONS_PUBLIC_SQL}\n${KEY_DEFINITIONS_SQL}`);
    const loaded = await loadSnapshot(pglite, { schemas: { include: ['Keys', 'keys_vis', 'app'] } });
    expect(loaded.constraints.length).toBeGreaterThanOrEqual(25);
    const { ours, server } = await keyDefinitions(pglite, loaded);
    expect(ours).toEqual(server);
  });
});
