import type pg from 'pg';
import { useTestDatabase } from '@confiture/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../catalog/catalog.js';
import { loadCatalog } from '../catalog/load.js';
import { classify } from '../classify/classify.js';
import { ensureParser } from '../parse/parser.js';
import { analyzeDependencies, type DependencyReport } from './dependencies.js';

const SCHEMA = `
  create type mood as enum ('ok', 'bad');
  create table users (id bigserial primary key, email text not null, name text, mood mood);
  create index users_name on users (name);
  create table orders (id int primary key, user_id bigint references users (id), total numeric(10,2));
  create view active_users as select id, email from users where name is not null;
  create materialized view order_totals as select user_id, sum(total) as total from orders group by user_id;
  create function normalize_email(text) returns text language sql immutable as $$ select lower($1) $$;
  create function stamp() returns trigger language plpgsql as $$ begin return new; end $$;
  create trigger orders_stamp before insert on orders for each row execute function stamp();
  create table contacts (id int, email text default normalize_email('X'));
`;

beforeAll(async () => {
  await ensureParser();
});

describe('analyzeDependencies', () => {
  const db = useTestDatabase();
  let client: pg.Client;
  let catalog: Catalog;

  beforeAll(async () => {
    client = await db.current.client();
    await client.query(SCHEMA);
    catalog = await loadCatalog(client);
  });

  async function deps(sql: string, source: Catalog | pg.Client = catalog): Promise<DependencyReport[]> {
    return analyzeDependencies(await classify(sql, 'db/up.sql'), source);
  }

  const messages = (reports: DependencyReport[], key: 'missing' | 'breaks'): string[] => reports.flatMap((r) => r[key].map((x) => x.message));

  it('reports missing tables with the location of the name', async () => {
    const [report] = await deps('SELECT 1;\n  INSERT INTO order_lines (id)\n    SELECT id FROM ordrs;'.split(';\n').slice(1).join(';\n'));
    expect(report?.missing.map((m) => [m.kind, m.name, m.location.line, m.location.column])).toEqual([
      ['relation', 'public.order_lines', 1, 15],
      ['relation', 'public.ordrs', 2, 20],
    ]);
    expect(report?.missing[0]?.message).toBe(
      'relation order_lines (searched in public) does not exist at db/up.sql:1:15 (INSERT): create it earlier in the migration or fix the name.',
    );
  });

  it('knows objects created earlier in the run, and objects dropped earlier', async () => {
    const reports = await deps(
      'CREATE TABLE audit (id int, at timestamptz);\nINSERT INTO audit (id, at) VALUES (1, now());\nDROP TABLE audit;\nSELECT id FROM audit;\nALTER TABLE users ADD COLUMN age int;\nUPDATE users SET age = 1 WHERE age IS NULL;',
    );
    expect(reports.map((r) => r.missing.map((m) => m.name))).toEqual([[], [], [], ['public.audit'], [], []]);
    expect(reports.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('checks columns named by ALTER TABLE, INSERT column lists, CREATE INDEX, foreign keys and simple queries', async () => {
    const reports = await deps(
      [
        'ALTER TABLE users ALTER COLUMN emial SET NOT NULL;',
        'INSERT INTO users (email, nmae) VALUES (1, 2);',
        'CREATE INDEX ON orders (totl);',
        'ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (uid);',
        'UPDATE users SET name = email WHERE mail IS NULL;',
        'SELECT u.email, u.phone FROM users u WHERE u.id = 1;',
        'DELETE FROM orders WHERE totl > 0;',
        'SELECT phone FROM users JOIN orders ON orders.user_id = users.id;',
        'ALTER TABLE users RENAME COLUMN nom TO name2;',
        "COMMENT ON COLUMN users.mail IS 'x';",
      ].join('\n'),
    );
    expect(reports.map((r) => r.missing.map((m) => m.name))).toEqual([
      ['public.users.emial'],
      ['public.users.nmae'],
      ['public.orders.totl'],
      ['public.users.uid'],
      ['public.users.mail'],
      ['public.users.phone'],
      ['public.orders.totl'],
      [],
      ['public.users.nom'],
      ['public.users.mail'],
    ]);
    expect(reports[0]?.missing[0]?.message).toBe('column emial of public.users does not exist at db/up.sql:1:1 (ALTER TABLE).');
    expect(reports[5]?.missing[0]?.location).toMatchObject({ line: 6, column: 17 });
  });

  it('checks types, functions with their argument count, trigger functions and sequences', async () => {
    const reports = await deps(
      [
        'CREATE TABLE t (a moood, b mood, c users, d int[], e bigserial, f varchar(3));',
        'ALTER TABLE users ALTER COLUMN mood TYPE feeling USING mood::text::feeling;',
        "SELECT normalize_email('a'), normalize_email('a', 'b'), normalise_email('a'), lower('X'), count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY id) FROM users;",
        'CREATE TRIGGER t2 AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION no_such_trigger_fn();',
        "SELECT nextval('users_id_seq'), nextval('missing_seq');",
        "CREATE TYPE feeling AS ENUM ('x');\nALTER TABLE users ALTER COLUMN mood TYPE feeling USING mood::text::feeling;",
      ].join('\n'),
    );
    expect(reports.map((r) => r.missing.map((m) => `${m.kind}:${m.name}`))).toEqual([
      ['type:moood'],
      ['type:feeling'],
      ['function:normalize_email(2 args)', 'function:normalise_email'],
      ['function:no_such_trigger_fn'],
      ['sequence:public.missing_seq'],
      [],
      [],
    ]);
    expect(reports[2]?.missing[0]?.message).toContain('function normalize_email takes 1 arguments, not 2');
  });

  it('does not judge functions and types after a CREATE EXTENSION of the run, nor without a database catalog', async () => {
    const afterExtension = await deps("CREATE EXTENSION IF NOT EXISTS pgcrypto;\nSELECT gen_random_bytes(4);");
    expect(afterExtension[1]?.missing).toEqual([]);
    const empty = await deps('CREATE TABLE t (a feeling);\nSELECT no_such_function();', Catalog.empty());
    expect(messages(empty, 'missing')).toEqual([]);
  });

  it('reports what dropping a column breaks: views, foreign keys, with CASCADE or RESTRICT', async () => {
    const [restrict] = await deps('ALTER TABLE users DROP COLUMN email;');
    expect(restrict?.breaks.map((b) => [b.kind, b.name, b.effect])).toEqual([['view', 'public.active_users', 'fails']]);
    expect(restrict?.breaks[0]?.message).toBe(
      'dropping column public.users.email breaks view public.active_users (RESTRICT: the statement fails; change it first, or use CASCADE).',
    );
    const [cascade] = await deps('ALTER TABLE users DROP COLUMN id CASCADE;');
    expect(cascade?.breaks.map((b) => `${b.effect} ${b.kind} ${b.name}`)).toEqual([
      'drops view public.active_users',
      'drops index public.users_pkey',
      'drops sequence public.users_id_seq',
      'drops constraint users_pkey on public.users',
      'drops foreign key orders_user_id_fkey on public.orders',
    ]);
    const [name] = await deps('ALTER TABLE users DROP COLUMN name;');
    expect(name?.breaks.map((b) => `${b.effect} ${b.kind} ${b.name}`)).toEqual(['fails view public.active_users', 'drops index public.users_name']);
  });

  it('reports what dropping a table, a function, a type or a constraint breaks', async () => {
    const [users] = await deps('DROP TABLE users;');
    expect(users?.breaks.map((b) => `${b.effect} ${b.kind} ${b.name}`)).toEqual(['fails view public.active_users', 'fails foreign key orders_user_id_fkey on public.orders']);
    const [orders] = await deps('DROP TABLE orders CASCADE;');
    expect(orders?.breaks.map((b) => b.message)).toEqual(['dropping table public.orders breaks materialized view public.order_totals (CASCADE drops it too).']);
    const [fn] = await deps('DROP FUNCTION stamp() CASCADE;\nDROP FUNCTION normalize_email(text);'.split('\n')[0] as string);
    expect(fn?.breaks.map((b) => `${b.effect} ${b.kind} ${b.name}`)).toEqual(['drops trigger orders_stamp on public.orders']);
    const [def] = await deps('DROP FUNCTION normalize_email(text);');
    expect(def?.breaks.map((b) => `${b.effect} ${b.kind} ${b.name}`)).toEqual(['fails default default of public.contacts.email']);
    const [type] = await deps('DROP TYPE mood CASCADE;');
    expect(type?.breaks.map((b) => `${b.effect} ${b.kind} ${b.name}`)).toEqual(['drops column public.users.mood']);
    const [pk] = await deps('ALTER TABLE users DROP CONSTRAINT users_pkey;');
    expect(pk?.breaks.map((b) => `${b.effect} ${b.kind} ${b.name}`)).toEqual(['fails foreign key orders_user_id_fkey on public.orders']);
    const [truncate] = await deps('TRUNCATE users;');
    expect(truncate?.breaks[0]?.message).toContain('truncating public.users fails: foreign key orders_user_id_fkey of public.orders references it');
  });

  it('reports what changing a column type breaks or rebuilds', async () => {
    const [report] = await deps('ALTER TABLE users ALTER COLUMN id TYPE int;');
    expect(report?.breaks.map((b) => `${b.effect} ${b.kind} ${b.name}`)).toEqual([
      'fails view public.active_users',
      'affects index public.users_pkey',
      'affects foreign key orders_user_id_fkey on public.orders',
    ]);
  });

  it('agrees with the server: the breaking statements really fail, the CASCADE ones really drop', async () => {
    await client.query('begin');
    try {
      await expect(client.query('alter table users drop column email')).rejects.toThrow(/other objects depend on it/);
    } finally {
      await client.query('rollback');
    }
    await client.query('begin');
    try {
      await expect(client.query('alter table users alter column id type int')).rejects.toThrow(/used by a view or rule/);
    } finally {
      await client.query('rollback');
    }
    await client.query('begin');
    try {
      await client.query('drop table orders cascade');
      const { rows } = await client.query(`select to_regclass('public.order_totals') as mv`);
      expect(rows[0].mv).toBeNull();
    } finally {
      await client.query('rollback');
    }
  });

  it('loads the catalog itself when given a queryable, and leaves a given catalog untouched', async () => {
    const [report] = await deps('SELECT * FROM nowhere;', client);
    expect(report?.missing.map((m) => m.name)).toEqual(['public.nowhere']);
    await deps('CREATE TABLE nowhere (a int);');
    expect(catalog.relation('public.nowhere')).toBeUndefined();
  });

  it('skips IF EXISTS and ignores CTE names', async () => {
    const reports = await deps('DROP TABLE IF EXISTS ghost;\nALTER TABLE IF EXISTS ghost ADD COLUMN a int;\nWITH recent AS (SELECT * FROM orders) SELECT * FROM recent;');
    expect(messages(reports, 'missing')).toEqual([]);
  });
});
