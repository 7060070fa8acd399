import { useTestDatabase } from '@confiture/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../catalog/catalog.js';
import { loadCatalog } from '../catalog/load.js';
import { classify } from '../classify/classify.js';
import { analyzeStatement, analyzeStatements } from '../locks/predict.js';
import { ensureParser } from '../parse/parser.js';
import type { Hazard, StaticAnalysis } from '../types.js';
import { HAZARD_IDS } from './hazards.js';

beforeAll(async () => {
  await ensureParser();
});

async function run(sql: string, catalog?: Catalog): Promise<StaticAnalysis[]> {
  return analyzeStatements(await classify(sql, 'up.sql'), catalog);
}

async function hazards(sql: string, catalog?: Catalog): Promise<Hazard[]> {
  return (await run(sql, catalog)).flatMap((a) => a.hazards);
}

async function ids(sql: string, catalog?: Catalog): Promise<string[]> {
  // The lock_timeout reminder is tested on its own; left out to keep the expectations short.
  return (await hazards(sql, catalog)).map((h) => h.id).filter((id) => id !== 'missing-lock-timeout');
}

async function only(sql: string, id: string, catalog?: Catalog): Promise<Hazard> {
  const found = (await hazards(sql, catalog)).filter((h) => h.id === id);
  expect(found, `${id} in ${sql}`).toHaveLength(1);
  return found[0] as Hazard;
}

describe('hazards without a catalog (relations not created by the migration are assumed to exist)', () => {
  it('non-concurrent index: message and the CONCURRENTLY fix built from the statement text', async () => {
    const h = await only('CREATE UNIQUE INDEX IF NOT EXISTS users_email ON users USING btree (lower(email)) WHERE deleted_at IS NULL', 'non-concurrent-index');
    expect(h).toMatchObject({ relation: 'public.users', baseRisk: 'high' });
    expect(h.message).toContain('ShareLock');
    expect(h.fix).toContain('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email ON users USING btree (lower(email)) WHERE deleted_at IS NULL;');
    expect(await ids('CREATE INDEX CONCURRENTLY i ON users (email)')).toEqual([]);
  });

  it('constraints added without NOT VALID, with the NOT VALID + VALIDATE fix', async () => {
    const fk = await only('ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE', 'add-constraint-validating');
    expect(fk.fix).toBe(
      'ALTER TABLE public.orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE NOT VALID;\n' +
        'ALTER TABLE public.orders VALIDATE CONSTRAINT orders_user_fk;\n' +
        '-- VALIDATE takes only a ShareUpdateExclusiveLock: reads and writes continue during the scan.',
    );
    expect(fk.message).toContain('ShareRowExclusiveLock on public.orders and public.users');
    const check = await only('ALTER TABLE orders ADD CHECK (total >= 0), ADD COLUMN note text', 'add-constraint-validating');
    expect(check.fix).toContain('ADD CHECK (total >= 0) NOT VALID;');
    expect(check.fix).toContain('VALIDATE CONSTRAINT orders_check;');
    expect(await ids('ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID')).toEqual([]);
    expect(await ids('ALTER TABLE orders ADD CONSTRAINT f FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID')).toEqual([]);
    expect(await ids('ALTER TABLE orders VALIDATE CONSTRAINT f')).toEqual([]);
  });

  it('SET NOT NULL without a validated CHECK, and the safe sequence that avoids it', async () => {
    const h = await only('ALTER TABLE users ALTER COLUMN email SET NOT NULL', 'set-not-null-scan');
    expect(h.fix).toContain('ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;');
    expect(h.fix).toContain('VALIDATE CONSTRAINT users_email_not_null;');
    expect(h.fix).toContain('DROP CONSTRAINT users_email_not_null;');
    const safe = await run(
      'ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;\n' +
        'ALTER TABLE users VALIDATE CONSTRAINT email_nn;\n' +
        'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
    );
    expect(safe[2]?.hazards.map((x) => x.id)).not.toContain('set-not-null-scan');
    expect(safe[2]?.predictedScans).toEqual([]);
    // not validated yet: still a scan
    const unvalidated = await run('ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;');
    expect(unvalidated[1]?.hazards.map((x) => x.id)).toContain('set-not-null-scan');
  });

  it('type changes that rewrite, and the note when the current type is unknown', async () => {
    const h = await only('ALTER TABLE users ALTER COLUMN id TYPE bigint', 'rewrite-type-change');
    expect(h.baseRisk).toBe('critical');
    expect(h.message).toContain('unless the change is binary-compatible');
    expect(h.fix).toContain('ADD COLUMN id_new bigint');
    // known from an earlier statement of the run: varchar(20) -> varchar(40) keeps the table
    expect(await ids('CREATE TABLE t (v varchar(20));\nALTER TABLE t ALTER COLUMN v TYPE varchar(40);')).toEqual([]);
  });

  it('volatile defaults, serial, identity and stored generated columns on existing tables', async () => {
    const v = await only('ALTER TABLE users ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid()', 'add-column-volatile-default');
    expect(v.fix).toContain('ALTER TABLE public.users ALTER COLUMN token SET DEFAULT gen_random_uuid();');
    expect(await ids('ALTER TABLE users ADD COLUMN seen timestamptz DEFAULT clock_timestamp()')).toEqual(['add-column-volatile-default']);
    expect(await ids("ALTER TABLE users ADD COLUMN created timestamptz DEFAULT now()")).toEqual([]);
    expect(await ids("ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'new'")).toEqual([]);
    const serial = await only('ALTER TABLE users ADD COLUMN n bigserial', 'add-column-serial');
    expect(serial.fix).toContain("CREATE SEQUENCE users_n_seq;");
    expect(await ids('ALTER TABLE users ADD COLUMN n int GENERATED ALWAYS AS IDENTITY')).toEqual(['add-column-identity']);
    expect(await ids('ALTER TABLE users ADD COLUMN total int GENERATED ALWAYS AS (a + b) STORED')).toEqual(['add-column-generated-stored']);
  });

  it('NOT NULL column without default on an existing table', async () => {
    expect(await ids('ALTER TABLE users ADD COLUMN age int NOT NULL')).toEqual(['add-column-not-null-without-default']);
  });

  it('unique and primary keys without USING INDEX, with the concurrent index fix', async () => {
    const u = await only('ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)', 'unique-without-index');
    expect(u.fix).toBe('CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON public.users (email);\nALTER TABLE public.users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;');
    const pk = await only('ALTER TABLE users ADD PRIMARY KEY (id)', 'unique-without-index');
    expect(pk.fix).toContain('ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_pkey');
    expect(await ids('ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key')).toEqual([]);
  });

  it('exclusion constraints, destructive and renaming statements, json columns', async () => {
    expect(await ids('ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&)')).toEqual(['exclusion-constraint']);
    expect(await ids('ALTER TABLE users DROP COLUMN legacy')).toEqual(['drop-column']);
    expect(await ids('DROP TABLE legacy_users')).toEqual(['drop-table']);
    expect(await ids('TRUNCATE audit_log')).toEqual(['truncate-table']);
    expect(await ids('ALTER TABLE users RENAME TO people')).toEqual(['rename-table']);
    expect(await ids('ALTER TABLE users RENAME COLUMN email TO mail')).toEqual(['rename-column']);
    expect(await ids('ALTER TABLE users ADD COLUMN prefs json')).toEqual(['json-column']);
    expect(await ids('ALTER TABLE users ADD COLUMN prefs jsonb')).toEqual([]);
    expect(await ids('ALTER TABLE users ALTER COLUMN prefs TYPE json USING prefs::json')).toContain('json-column');
  });

  it('VACUUM FULL, CLUSTER, REFRESH without CONCURRENTLY, REINDEX, DROP INDEX, table rewrites', async () => {
    expect(await ids('VACUUM FULL orders')).toEqual(['vacuum-full']);
    expect(await ids('VACUUM orders')).toEqual([]);
    expect(await ids('CLUSTER orders USING orders_pkey')).toEqual(['cluster']);
    const refresh = await only('REFRESH MATERIALIZED VIEW daily_stats', 'refresh-materialized-view-blocking');
    expect(refresh.fix).toContain('REFRESH MATERIALIZED VIEW CONCURRENTLY daily_stats;');
    expect(await ids('REFRESH MATERIALIZED VIEW CONCURRENTLY daily_stats')).toEqual([]);
    const reindex = await only('REINDEX INDEX orders_pkey', 'non-concurrent-reindex');
    expect(reindex.fix).toContain('REINDEX INDEX CONCURRENTLY orders_pkey');
    expect(await ids('ALTER TABLE orders SET UNLOGGED')).toEqual(['table-rewrite']);
    expect(await ids('ALTER TABLE orders SET TABLESPACE fast_ssd')).toEqual(['table-rewrite']);
  });

  it('DETACH PARTITION without CONCURRENTLY', async () => {
    const h = await only('ALTER TABLE events DETACH PARTITION events_2020', 'detach-partition-blocking');
    expect(h.fix).toContain('DETACH PARTITION public.events_2020 CONCURRENTLY');
  });

  it('ignores relations created earlier in the same migration (no traffic on them)', async () => {
    const sql = [
      'CREATE TABLE accounts (id bigint PRIMARY KEY, email text, owner int);',
      'CREATE INDEX accounts_email ON accounts (email);',
      'ALTER TABLE accounts ADD CONSTRAINT accounts_owner_fk FOREIGN KEY (owner) REFERENCES accounts (id);',
      'ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;',
      'ALTER TABLE accounts ADD COLUMN token uuid DEFAULT gen_random_uuid();',
      'ALTER TABLE accounts ALTER COLUMN owner TYPE bigint;',
      'ALTER TABLE accounts ADD UNIQUE (email);',
      'ALTER TABLE accounts RENAME COLUMN owner TO owner_id;',
      'ALTER TABLE accounts DROP COLUMN token;',
      'DROP TABLE accounts;',
    ].join('\n');
    expect(await hazards(sql)).toEqual([]);
    const analyses = await run(sql);
    expect(analyses[1]?.predictedLocks).toEqual([expect.objectContaining({ relation: 'public.accounts', mode: 'ShareLock', newRelation: true })]);
  });

  it('follows renames and schema changes of the run for name resolution', async () => {
    const renamed = await run('CREATE TABLE draft (a int);\nALTER TABLE draft RENAME TO final;\nCREATE INDEX ON final (a);');
    expect(renamed[2]?.hazards).toEqual([]);
    expect(renamed[2]?.predictedLocks[0]).toMatchObject({ relation: 'public.final', newRelation: true });
    const pathed = await run('CREATE SCHEMA app;\nSET search_path = app;\nCREATE TABLE t (a int);\nCREATE INDEX ON t (a);\nCREATE INDEX ON public.users (a);');
    expect(pathed[3]?.predictedLocks[0]).toMatchObject({ relation: 'app.t', newRelation: true });
    expect(pathed[4]?.hazards.map((h) => h.id)).toContain('non-concurrent-index');
  });
});

describe('run-level hazards', () => {
  it('says on every statement that waits for a blocking lock that no lock_timeout is set', async () => {
    const timeouts = async (sql: string) =>
      (await run(sql)).map((a) => a.hazards.filter((h) => h.id === 'missing-lock-timeout').map((h) => `${h.relation}`));
    expect(await timeouts('ALTER TABLE users ADD COLUMN a int;\nALTER TABLE orders ADD COLUMN b int;')).toEqual([['public.users'], ['public.orders']]);
    // a lock the file's transaction already holds is not waited for again; a stronger one is
    expect(await timeouts('ALTER TABLE users ADD COLUMN a int;\nCREATE INDEX ON users (a);\nALTER TABLE users ADD COLUMN b int;')).toEqual([['public.users'], [], []]);
    expect(await timeouts('CREATE INDEX ON users (a);\nCREATE INDEX ON users (b);\nALTER TABLE users ADD COLUMN b int;')).toEqual([['public.users'], [], ['public.users']]);
    // a no-transaction file runs each statement on its own: each one waits again
    expect(await timeouts('-- confiture:no-transaction\nALTER TABLE users ADD COLUMN a int;\nALTER TABLE users ADD COLUMN b int;')).toEqual([['public.users'], ['public.users']]);
    expect((await hazards("SET lock_timeout = '3s';\nALTER TABLE users ADD COLUMN a int;")).map((h) => h.id)).not.toContain('missing-lock-timeout');
    expect((await hazards("SELECT set_config('lock_timeout', '3s', false);\nALTER TABLE users ADD COLUMN a int;")).map((h) => h.id)).not.toContain('missing-lock-timeout');
    expect((await hazards("SET LOCAL lock_timeout TO 1000;\nCREATE INDEX ON users (a);")).map((h) => h.id)).not.toContain('missing-lock-timeout');
    expect((await hazards("SET lock_timeout = 0;\nALTER TABLE users ADD COLUMN a int;")).map((h) => h.id)).toContain('missing-lock-timeout');
    // weak locks do not need it
    expect((await hazards('SELECT * FROM users; UPDATE users SET a = 1; ALTER TABLE users SET (fillfactor = 80);')).map((h) => h.id)).toEqual([]);
    // relations created by the run do not need it
    expect((await hazards('CREATE TABLE t (a int); CREATE INDEX ON t (a);')).map((h) => h.id)).toEqual([]);
  });

  it('suggests combining several ALTER TABLE on the same existing table', async () => {
    const analyses = await run("SET lock_timeout = '1s';\nALTER TABLE users ADD COLUMN a int;\nALTER TABLE users ADD COLUMN b int;\nALTER TABLE orders ADD COLUMN c int;\nALTER TABLE users ADD COLUMN d int;");
    const combine = analyses.map((a) => a.hazards.filter((h) => h.id === 'combine-alter-table').map((h) => h.message));
    // once per table, on its second ALTER TABLE
    expect(combine).toEqual([[], [], ['public.users is already altered by up.sql:2 in this migration: each ALTER TABLE takes the lock again (and may rewrite again).'], [], []]);
  });

  it('reports an AccessExclusiveLock held while later statements run, on the statement that takes it', async () => {
    const analyses = await run("SET lock_timeout = '1s';\nALTER TABLE users ADD COLUMN a int;\nUPDATE orders SET total = 0;\nCREATE INDEX CONCURRENTLY i ON orders (total);\nALTER TABLE users ADD COLUMN b int;\nSELECT 1;");
    const held = analyses.map((a) => a.hazards.filter((h) => h.id === 'access-exclusive-held'));
    expect(held[1]).toHaveLength(1);
    expect(held[1]?.[0]?.message).toContain('while 3 later statements run (UPDATE at up.sql:3, ALTER TABLE at up.sql:5, SELECT at up.sql:6)');
    expect(held[4]).toEqual([]);
    expect(held.flat()).toHaveLength(1);
    // the last statement holds it only until commit
    expect((await hazards("SET lock_timeout = '1s'; SELECT 1; ALTER TABLE users ADD COLUMN a int;")).map((h) => h.id)).not.toContain('access-exclusive-held');
  });

  it('keeps files apart: each file is its own migration', async () => {
    const statements = [...(await classify('ALTER TABLE users ADD COLUMN a int;', 'a.sql')), ...(await classify('SELECT 1;', 'b.sql'))].map((s, index) => ({ ...s, index }));
    const analyses = analyzeStatements(statements);
    expect(analyses[0]?.hazards.map((h) => h.id)).not.toContain('access-exclusive-held');
  });

  it('lists only known hazard ids', async () => {
    const all = await hazards(
      'CREATE INDEX ON users (a); ALTER TABLE users ADD CHECK (a > 0), ALTER COLUMN b SET NOT NULL; ALTER TABLE users ALTER COLUMN c TYPE int; VACUUM FULL users; SELECT 1;',
    );
    for (const h of all) expect(HAZARD_IDS).toContain(h.id);
  });
});

describe('hazards with the catalog of a real database', () => {
  const db = useTestDatabase();
  let catalog: Catalog;

  beforeAll(async () => {
    const client = await db.current.client();
    await client.query(`
      create table users (id int primary key, email varchar(100), name text, age int, ts timestamp, constraint users_age_nn check (age is not null));
      create table events (id int, k int) partition by range (k);
      create table events_2024 (id int, k int);
      create table events_2025 (id int, k int, constraint events_2025_bound check (k >= 2025 and k < 2026));
    `);
    catalog = await loadCatalog(client);
  });

  it('uses the current column type: binary-compatible changes are not hazards', async () => {
    expect(await ids('ALTER TABLE users ALTER COLUMN email TYPE varchar(200)', catalog)).toEqual([]);
    expect(await ids('ALTER TABLE users ALTER COLUMN email TYPE text', catalog)).toEqual([]);
    const shrink = await only('ALTER TABLE users ALTER COLUMN email TYPE varchar(50)', 'rewrite-type-change', catalog);
    expect(shrink.message).toContain('from character varying(100) to varchar(50)');
    expect(await ids('ALTER TABLE users ALTER COLUMN id TYPE bigint', catalog)).toEqual(['rewrite-type-change']);
  });

  it('sees an existing validated CHECK (col IS NOT NULL): SET NOT NULL does not scan', async () => {
    const [analysis] = await run('ALTER TABLE users ALTER COLUMN age SET NOT NULL', catalog);
    expect(analysis?.predictedScans).toEqual([]);
    expect(analysis?.hazards.map((h) => h.id)).not.toContain('set-not-null-scan');
    expect(await ids('ALTER TABLE users ALTER COLUMN name SET NOT NULL', catalog)).toEqual(['set-not-null-scan']);
  });

  it('attaching a partition scans it unless a validated CHECK covers the partition key', async () => {
    expect(await ids("ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM (2024) TO (2025)", catalog)).toEqual(['attach-partition-scan']);
    expect(await ids("ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM (2025) TO (2026)", catalog)).toEqual([]);
  });

  it('does not report hazards on a relation that does not exist', async () => {
    expect(await ids('CREATE INDEX ON missing_table (a)', catalog)).toEqual([]);
    const [analysis] = await run('CREATE INDEX ON missing_table (a)', catalog);
    expect(analysis?.predictedLocks).toEqual([]);
  });

  it('analyzeStatement records the run in the catalog it is given; analyzeStatements forks it', async () => {
    const statements = await classify('CREATE TABLE fresh (a int);\nCREATE INDEX ON fresh (a);', 'up.sql');
    analyzeStatements(statements, catalog);
    expect(catalog.resolve({ schema: null, name: 'fresh' }).entry).toBeUndefined();
    const run = catalog.fork();
    analyzeStatement(statements[0] as (typeof statements)[number], run);
    expect(run.resolve({ schema: null, name: 'fresh' }).entry?.createdInRun).toBe(true);
    expect(analyzeStatement(statements[1] as (typeof statements)[number], run).hazards).toEqual([]);
  });
});
