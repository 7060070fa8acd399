import { useTestDatabase } from '@confiture/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../catalog/catalog.js';
import { loadCatalog } from '../catalog/load.js';
import { ensureParser } from '../parse/parser.js';
import { splitStatementsSync } from '../parse/split.js';
import type { Classification } from '../types.js';
import { classify, classifyStatement } from './classify.js';

beforeAll(async () => {
  await ensureParser();
});

function one(sql: string, catalog?: Catalog): Classification {
  const [statement] = splitStatementsSync([{ file: 'up.sql', sql }]);
  if (!statement) throw new Error(`no statement in ${sql}`);
  return classifyStatement(statement, catalog ? { catalog } : {});
}

function verdict(sql: string, catalog?: Catalog): [string, string, string] {
  const c = one(sql, catalog);
  return [c.category, c.action, c.tag];
}

function kinds(sql: string, catalog?: Catalog): string[] {
  return one(sql, catalog).sideEffects.map((e) => e.kind);
}

describe('classifyStatement: categories and actions', () => {
  it.each([
    ['CREATE TABLE t (id int)', 'ddl', 'execute', 'CREATE TABLE'],
    ['ALTER TABLE t ADD COLUMN c int', 'ddl', 'execute', 'ALTER TABLE'],
    ['ALTER INDEX i RENAME TO j', 'ddl', 'execute', 'ALTER INDEX'],
    ['CREATE INDEX i ON t (a)', 'ddl', 'execute', 'CREATE INDEX'],
    ['CREATE UNIQUE INDEX i ON t (a)', 'ddl', 'execute', 'CREATE UNIQUE INDEX'],
    ['DROP TABLE t', 'ddl', 'execute', 'DROP TABLE'],
    ['DROP MATERIALIZED VIEW mv', 'ddl', 'execute', 'DROP MATERIALIZED VIEW'],
    ['CREATE VIEW v AS SELECT 1', 'ddl', 'execute', 'CREATE VIEW'],
    ['CREATE MATERIALIZED VIEW mv AS SELECT 1', 'ddl', 'execute', 'CREATE MATERIALIZED VIEW'],
    ['CREATE TABLE t2 AS SELECT * FROM t', 'ddl', 'execute', 'CREATE TABLE AS'],
    ['SELECT * INTO t3 FROM t', 'ddl', 'execute', 'SELECT INTO'],
    ['CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT nextval(\'s\')::int $$', 'ddl', 'execute', 'CREATE FUNCTION'],
    ['CREATE OR REPLACE PROCEDURE p() LANGUAGE plpgsql AS $$ BEGIN COMMIT; END $$', 'ddl', 'execute', 'CREATE OR REPLACE PROCEDURE'],
    ['COMMENT ON TABLE t IS \'x\'', 'ddl', 'execute', 'COMMENT'],
    ['GRANT SELECT ON t TO public', 'ddl', 'execute', 'GRANT'],
    ['REVOKE SELECT ON t FROM public', 'ddl', 'execute', 'REVOKE'],
    ['TRUNCATE t', 'ddl', 'execute', 'TRUNCATE'],
    ['ANALYZE t', 'ddl', 'execute', 'ANALYZE'],
    ['CLUSTER t USING i', 'ddl', 'execute', 'CLUSTER'],
    ['REINDEX TABLE t', 'ddl', 'execute', 'REINDEX TABLE'],
    ['REFRESH MATERIALIZED VIEW CONCURRENTLY mv', 'ddl', 'execute', 'REFRESH MATERIALIZED VIEW'],
    ['LOCK TABLE t IN SHARE MODE', 'ddl', 'execute', 'LOCK TABLE'],
    ['ALTER TYPE mood ADD VALUE \'c\'', 'ddl', 'execute', 'ALTER TYPE'],
    ['CREATE EXTENSION IF NOT EXISTS pgcrypto', 'ddl', 'execute', 'CREATE EXTENSION'],
    ['SET LOCAL lock_timeout = \'1s\'', 'ddl', 'execute', 'SET LOCAL'],
    ['CREATE ROLE app', 'ddl', 'execute', 'CREATE ROLE'],
    ['ALTER DATABASE d SET work_mem = \'64MB\'', 'ddl', 'execute', 'ALTER DATABASE'],
    ['INSERT INTO t VALUES (1)', 'dml', 'execute', 'INSERT'],
    ['UPDATE t SET a = 1', 'dml', 'execute', 'UPDATE'],
    ['DELETE FROM t', 'dml', 'execute', 'DELETE'],
    ['MERGE INTO t USING s ON s.id = t.id WHEN MATCHED THEN DELETE', 'dml', 'execute', 'MERGE'],
    ['SELECT 1', 'query', 'execute', 'SELECT'],
    ['SELECT * FROM t FOR UPDATE', 'query', 'execute', 'SELECT FOR UPDATE'],
    ['SHOW search_path', 'query', 'execute', 'SHOW'],
    ['EXPLAIN SELECT * FROM t', 'query', 'execute', 'EXPLAIN'],
    ['SET CONSTRAINTS ALL DEFERRED', 'transaction-control', 'execute', 'SET CONSTRAINTS'],
  ])('%s -> %s / %s', (sql, category, action, tag) => {
    expect(verdict(sql)).toEqual([category, action, tag]);
  });

  it.each([
    ['BEGIN', 'BEGIN'],
    ['START TRANSACTION ISOLATION LEVEL SERIALIZABLE', 'START TRANSACTION'],
    ['COMMIT', 'COMMIT'],
    ['END', 'COMMIT'],
    ['ROLLBACK', 'ROLLBACK'],
    ['ABORT', 'ROLLBACK'],
    ['SAVEPOINT s1', 'SAVEPOINT'],
    ['RELEASE SAVEPOINT s1', 'RELEASE'],
    ['ROLLBACK TO SAVEPOINT s1', 'ROLLBACK TO SAVEPOINT'],
    ["PREPARE TRANSACTION 'x'", 'PREPARE TRANSACTION'],
    ["COMMIT PREPARED 'x'", 'COMMIT PREPARED'],
    ["ROLLBACK PREPARED 'x'", 'ROLLBACK PREPARED'],
  ])('refuses transaction control: %s', (sql, tag) => {
    const c = one(sql);
    expect([c.category, c.action, c.tag]).toEqual(['transaction-control', 'refuse', tag]);
    expect(c.reason).toMatch(/refused/);
  });

  it('analyzes SET TRANSACTION statically: the dry-run owns the transaction', () => {
    expect(verdict('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE')).toEqual(['transaction-control', 'static', 'SET TRANSACTION']);
    expect(verdict('SET transaction_read_only = on')).toEqual(['transaction-control', 'static', 'SET']);
  });

  it.each([
    ['CREATE INDEX CONCURRENTLY i ON t (a)', 'CREATE INDEX CONCURRENTLY'],
    ['CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)', 'CREATE UNIQUE INDEX CONCURRENTLY'],
    ['DROP INDEX CONCURRENTLY i', 'DROP INDEX CONCURRENTLY'],
    ['REINDEX INDEX CONCURRENTLY i', 'REINDEX INDEX CONCURRENTLY'],
    ['REINDEX (CONCURRENTLY) TABLE t', 'REINDEX TABLE CONCURRENTLY'],
    ['REINDEX SCHEMA public', 'REINDEX SCHEMA'],
    ['REINDEX DATABASE d', 'REINDEX DATABASE'],
    ['REINDEX SYSTEM d', 'REINDEX SYSTEM'],
    ['ALTER TABLE p DETACH PARTITION c CONCURRENTLY', 'ALTER TABLE DETACH PARTITION CONCURRENTLY'],
    ['VACUUM t', 'VACUUM'],
    ['VACUUM (FULL) t', 'VACUUM FULL'],
    ['VACUUM FULL', 'VACUUM FULL'],
    ['CLUSTER', 'CLUSTER'],
    ['CREATE DATABASE d', 'CREATE DATABASE'],
    ['DROP DATABASE d', 'DROP DATABASE'],
    ["ALTER DATABASE d SET TABLESPACE ts", 'ALTER DATABASE SET TABLESPACE'],
    ["CREATE TABLESPACE ts LOCATION '/tmp/ts'", 'CREATE TABLESPACE'],
    ['DROP TABLESPACE ts', 'DROP TABLESPACE'],
    ["ALTER SYSTEM SET work_mem = '1MB'", 'ALTER SYSTEM'],
    ['DISCARD ALL', 'DISCARD ALL'],
    ["CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p", 'CREATE SUBSCRIPTION'],
    ['DROP SUBSCRIPTION s', 'DROP SUBSCRIPTION'],
    ['ALTER SUBSCRIPTION s REFRESH PUBLICATION', 'ALTER SUBSCRIPTION'],
    ['ALTER SUBSCRIPTION s SET PUBLICATION p', 'ALTER SUBSCRIPTION'],
  ])('analyzes non-transactional statements statically: %s', (sql, tag) => {
    expect(verdict(sql)).toEqual(['non-transactional', 'static', tag]);
  });

  it('runs the transactional forms of subscriptions and database changes', () => {
    expect(verdict("CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p WITH (connect = false)")).toEqual(['ddl', 'execute', 'CREATE SUBSCRIPTION']);
    expect(verdict('ALTER SUBSCRIPTION s SET PUBLICATION p WITH (refresh = false)')).toEqual(['ddl', 'execute', 'ALTER SUBSCRIPTION']);
    expect(verdict('ALTER SUBSCRIPTION s DISABLE')).toEqual(['ddl', 'execute', 'ALTER SUBSCRIPTION']);
    expect(verdict('ALTER DATABASE d RENAME TO e')).toEqual(['ddl', 'execute', 'ALTER DATABASE']);
  });

  it('gives unknown node types the ddl default with a reason saying so', async () => {
    const [statement] = splitStatementsSync([{ file: null, sql: 'SELECT 1' }]);
    if (!statement) throw new Error('no statement');
    const c = classifyStatement({ ...statement, nodeType: 'FutureStmt', ast: { FutureStmt: {} } });
    expect([c.category, c.action]).toEqual(['ddl', 'execute']);
    expect(c.reason).toContain('unrecognized statement type FutureStmt');
  });
});

describe('classifyStatement: side effects', () => {
  it('finds nextval/setval anywhere: select list, CTE, subquery, function arguments, UPDATE', () => {
    expect(kinds("SELECT nextval('s')")).toEqual(['sequence']);
    expect(verdict("SELECT setval('s', 10)")).toEqual(['side-effect', 'execute', 'SELECT']);
    expect(kinds("WITH x AS (SELECT nextval('s') AS n) SELECT * FROM x")).toEqual(['sequence']);
    expect(kinds("SELECT * FROM t WHERE id IN (SELECT coalesce(max(a), nextval('s')) FROM u)")).toEqual(['sequence']);
    expect(kinds("SELECT abs(pg_catalog.nextval('s'))")).toEqual(['sequence']);
    expect(kinds("UPDATE t SET id = nextval('s') WHERE id IS NULL")).toEqual(['sequence']);
    expect(kinds("WITH moved AS (DELETE FROM t RETURNING id) INSERT INTO u SELECT id, nextval('s') FROM moved")).toContain('sequence');
    expect(one("SELECT nextval('orders_id_seq')").sideEffects[0]?.detail).toContain("nextval('orders_id_seq')");
  });

  it('does not count functions only stored: views, defaults of new tables, function bodies, triggers, WITH NO DATA', () => {
    expect(kinds("CREATE VIEW v AS SELECT nextval('s')")).toEqual([]);
    expect(kinds("CREATE TABLE t (id int DEFAULT nextval('s'))")).toEqual([]);
    expect(kinds("ALTER TABLE t ALTER COLUMN id SET DEFAULT nextval('s')")).toEqual([]);
    expect(kinds("CREATE FUNCTION f() RETURNS bigint LANGUAGE sql RETURN nextval('s')")).toEqual([]);
    expect(kinds("CREATE MATERIALIZED VIEW mv AS SELECT nextval('s') WITH NO DATA")).toEqual([]);
    expect(kinds("CREATE MATERIALIZED VIEW mv AS SELECT nextval('s')")).toEqual(['sequence']);
    expect(kinds("ALTER TABLE t ADD COLUMN n bigint DEFAULT nextval('s')")).toEqual(['sequence']);
    expect(kinds("SELECT currval('s'), lastval()")).toEqual([]);
  });

  it('separates session advisory locks from transaction-level ones', () => {
    expect(kinds('SELECT pg_advisory_lock(42)')).toEqual(['advisory-lock']);
    expect(kinds('SELECT pg_try_advisory_lock(1, 2)')).toEqual(['advisory-lock']);
    expect(kinds('SELECT pg_advisory_unlock_all()')).toEqual(['advisory-lock']);
    expect(kinds('SELECT pg_advisory_xact_lock(42)')).toEqual([]);
    expect(one('SELECT pg_advisory_lock(42)').action).toBe('execute');
  });

  it('notes NOTIFY, pg_notify, LISTEN and UNLISTEN, executed since the rollback suppresses them', () => {
    expect(verdict("NOTIFY jobs, 'x'")).toEqual(['side-effect', 'execute', 'NOTIFY']);
    expect(kinds("SELECT pg_notify('jobs', 'x')")).toEqual(['notify']);
    expect(kinds('LISTEN jobs')).toEqual(['listen']);
    expect(kinds('UNLISTEN *')).toEqual(['listen']);
    expect(one("NOTIFY jobs").reason).toMatch(/rollback suppresses/);
  });

  it('analyzes dblink calls statically: remote work escapes the rollback', () => {
    expect(verdict("SELECT dblink_exec('host=x', 'DELETE FROM t')")).toEqual(['side-effect', 'static', 'SELECT']);
    expect(kinds("SELECT * FROM dblink('host=x', 'SELECT 1') AS r(a int)")).toEqual(['remote']);
    expect(kinds("SELECT public.dblink_connect('c', 'host=x')")).toEqual(['remote']);
  });

  it('analyzes COPY to or from server files and programs statically; STDIN/STDOUT are not side effects', () => {
    expect(verdict("COPY t FROM '/tmp/t.csv'")).toEqual(['side-effect', 'static', 'COPY FROM FILE']);
    expect(verdict("COPY t TO '/tmp/t.csv'")).toEqual(['side-effect', 'static', 'COPY TO FILE']);
    expect(verdict("COPY t FROM PROGRAM 'curl x'")).toEqual(['side-effect', 'static', 'COPY FROM PROGRAM']);
    expect(verdict("COPY (SELECT 1) TO PROGRAM 'cat'")).toEqual(['side-effect', 'static', 'COPY TO PROGRAM']);
    expect(one('COPY t FROM STDIN')).toMatchObject({ category: 'dml', action: 'static', tag: 'COPY FROM STDIN', sideEffects: [] });
    expect(one('COPY t TO STDOUT')).toMatchObject({ category: 'query', action: 'static', tag: 'COPY TO STDOUT', sideEffects: [] });
  });

  it('treats lo_export as static and lo_import as executable', () => {
    expect(verdict("SELECT lo_export(16400, '/tmp/x')")).toEqual(['side-effect', 'static', 'SELECT']);
    expect(verdict("SELECT lo_import('/tmp/x')")).toEqual(['side-effect', 'execute', 'SELECT']);
  });

  it('analyzes signals, reloads and server-wide actions statically', () => {
    for (const fn of ['pg_terminate_backend(123)', 'pg_cancel_backend(123)', 'pg_reload_conf()', 'pg_rotate_logfile()', 'pg_switch_wal()']) {
      const c = one(`SELECT ${fn}`);
      expect([c.category, c.action, c.sideEffects[0]?.kind]).toEqual(['side-effect', 'static', 'signal']);
    }
    expect(verdict('CHECKPOINT')).toEqual(['side-effect', 'static', 'CHECKPOINT']);
  });

  it('notes session-level SET, RESET and set_config(..., false), which the rollback undoes', () => {
    expect(verdict("SET search_path = app, public")).toEqual(['side-effect', 'execute', 'SET']);
    expect(verdict('RESET ALL')).toEqual(['side-effect', 'execute', 'RESET']);
    expect(verdict('RESET work_mem')).toEqual(['side-effect', 'execute', 'RESET']);
    expect(kinds('SET ROLE app')).toEqual(['session-setting']);
    expect(kinds("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")).toEqual(['session-setting']);
    expect(kinds("SELECT set_config('work_mem', '64MB', false)")).toEqual(['session-setting']);
    expect(kinds("SELECT set_config('work_mem', '64MB', true)")).toEqual([]);
    expect(kinds("SET LOCAL work_mem = '64MB'")).toEqual([]);
    expect(kinds('DISCARD PLANS')).toEqual(['session-setting']);
    expect(kinds("LOAD 'auto_explain'")).toEqual(['session-setting']);
    expect(kinds('PREPARE q AS SELECT 1')).toEqual(['session-setting']);
  });

  it('runs CALL with a note, and refuses a CALL of a procedure that commits', async () => {
    const plain = one('CALL refresh_stats(1)');
    expect([plain.category, plain.action, plain.tag, plain.sideEffects[0]?.kind]).toEqual(['side-effect', 'execute', 'CALL', 'procedure']);
    const run = await classify(
      'CREATE PROCEDURE batch() LANGUAGE plpgsql AS $$ BEGIN UPDATE t SET a = 1; COMMIT; END $$;\nCALL batch();\nCALL other();',
      'up.sql',
    );
    expect(run.map((s) => [s.classification.category, s.classification.action])).toEqual([
      ['ddl', 'execute'],
      ['transaction-control', 'refuse'],
      ['side-effect', 'execute'],
    ]);
    expect(run[1]?.classification.reason).toMatch(/invalid transaction termination/);
  });

  it('refuses DO blocks that COMMIT or ROLLBACK, found by the PL/pgSQL parser (or the lexer when it cannot parse)', () => {
    const c = one('DO $$ BEGIN FOR i IN 1..3 LOOP UPDATE t SET a = i; COMMIT; END LOOP; END $$');
    expect([c.category, c.action, c.tag]).toEqual(['transaction-control', 'refuse', 'DO']);
    expect(c.sideEffects).toEqual([{ kind: 'transaction-control', detail: 'the DO block runs COMMIT.' }]);
    expect(one('DO $$ BEGIN IF x THEN ROLLBACK; END IF; END $$').action).toBe('refuse');
    // undeclared variable: the PL/pgSQL parser rejects it, the lexer still sees COMMIT
    expect(one('DO $$ BEGIN y := 1; COMMIT; END $$').action).toBe('refuse');
    // COMMIT in a string is not a statement
    expect(one("DO $$ BEGIN RAISE NOTICE 'commit'; END $$").action).toBe('execute');
  });

  it('finds side-effect functions called in DO blocks', () => {
    const c = one("DO $$ DECLARE n bigint; BEGIN n := nextval('s'); PERFORM pg_notify('c', n::text); END $$");
    expect(c.sideEffects.map((e) => e.kind).sort()).toEqual(['notify', 'sequence']);
    expect([c.category, c.action]).toEqual(['side-effect', 'execute']);
    expect(one("DO $$ BEGIN PERFORM dblink_exec('x', 'y'); END $$").action).toBe('static');
    expect(one('DO $$ BEGIN INSERT INTO t VALUES (1); END $$')).toMatchObject({ category: 'ddl', action: 'execute', sideEffects: [] });
    expect(one("DO LANGUAGE plpython3u $$ print(1) $$").reason).toContain('plpython3u');
  });

  it('uses the inner statement for EXPLAIN ANALYZE, which runs it', () => {
    expect(verdict("EXPLAIN ANALYZE SELECT nextval('s')")).toEqual(['side-effect', 'execute', 'EXPLAIN ANALYZE SELECT']);
    expect(verdict('EXPLAIN (ANALYZE) DELETE FROM t')).toEqual(['dml', 'execute', 'EXPLAIN ANALYZE DELETE']);
    expect(verdict("EXPLAIN SELECT nextval('s')")).toEqual(['query', 'execute', 'EXPLAIN']);
  });

  it('notes that an INSERT may advance sequences when there is no catalog', () => {
    const c = one('INSERT INTO orders (total) VALUES (1)');
    expect([c.category, c.action, c.sideEffects]).toEqual(['dml', 'execute', []]);
    expect(c.reason).toMatch(/without a catalog .* sequence/);
  });
});

describe('classifyStatement with a catalog', () => {
  const db = useTestDatabase();
  let catalog: Catalog;

  beforeAll(async () => {
    const client = await db.current.client();
    await client.query(`
      create sequence shared_seq;
      create table orders (id serial primary key, total int, ref bigint default nextval('shared_seq'));
      create table events (id bigint generated always as identity, body text);
      create table plain (a int, b text);
      create table parts (id int, k int) partition by range (k);
      create procedure commits() language plpgsql as $$ begin commit; end $$;
      create procedure quiet() language plpgsql as $$ begin perform 1; end $$;
      create extension if not exists postgres_fdw;
      create server other_db foreign data wrapper postgres_fdw options (dbname 'x');
      create foreign table remote_orders (id int) server other_db;
    `);
    catalog = await loadCatalog(client);
  });

  it('detects inserts drawing from serial, identity and nextval defaults', () => {
    const serial = one('INSERT INTO orders (total) VALUES (10)', catalog);
    expect([serial.category, serial.action]).toEqual(['side-effect', 'execute']);
    expect(serial.sideEffects.map((e) => e.detail)).toEqual([
      'inserting into public.orders draws id from sequence public.orders_id_seq, which a rollback does not reset (the dry-run restores it afterwards).',
      'inserting into public.orders draws ref from sequence public.shared_seq, which a rollback does not reset (the dry-run restores it afterwards).',
    ]);
    expect(kinds("INSERT INTO events (body) SELECT 'x'", catalog)).toEqual(['sequence']);
    expect(kinds('INSERT INTO orders (id, total, ref) VALUES (1, 2, 3)', catalog)).toEqual([]);
    expect(kinds('INSERT INTO orders (id, total, ref) VALUES (DEFAULT, 2, 3)', catalog)).toEqual(['sequence']);
    expect(kinds('INSERT INTO orders VALUES (1, 2)', catalog)).toEqual(['sequence']);
    expect(kinds('INSERT INTO orders DEFAULT VALUES', catalog)).toEqual(['sequence', 'sequence']);
    expect(verdict("INSERT INTO plain VALUES (1, 'x')", catalog)).toEqual(['dml', 'execute', 'INSERT']);
  });

  it('refuses CALL of a PL/pgSQL procedure that commits, read from the catalog', () => {
    expect(verdict('CALL commits()', catalog)).toEqual(['transaction-control', 'refuse', 'CALL']);
    expect(verdict('CALL quiet()', catalog)).toEqual(['side-effect', 'execute', 'CALL']);
  });

  it('flags writes to foreign tables: postgres_fdw rolls back remotely, so they run with a note', () => {
    const c = one('INSERT INTO remote_orders VALUES (1)', catalog);
    expect([c.category, c.action, c.sideEffects[0]?.kind]).toEqual(['side-effect', 'execute', 'remote']);
    expect(c.sideEffects[0]?.detail).toContain('postgres_fdw');
    expect(kinds('SELECT * FROM remote_orders', catalog)).toEqual([]);
  });

  it('sees that CLUSTER on a partitioned table cannot run in a transaction', () => {
    expect(verdict('CLUSTER parts USING parts_idx', catalog)).toEqual(['non-transactional', 'static', 'CLUSTER']);
    expect(verdict('CLUSTER plain USING plain_idx', catalog)).toEqual(['ddl', 'execute', 'CLUSTER']);
  });
});

describe('PostgreSQL behaviour the classification relies on', () => {
  const db = useTestDatabase();

  it('undoes a session-level SET when the transaction rolls back (so executing it is safe)', async () => {
    const client = await db.current.client();
    await client.query(`set work_mem = '4MB'`);
    await client.query('begin');
    await client.query(`set work_mem = '77MB'`);
    expect((await client.query('show work_mem')).rows[0].work_mem).toBe('77MB');
    await client.query('rollback');
    expect((await client.query('show work_mem')).rows[0].work_mem).toBe('4MB');
  });

  it('raises "invalid transaction termination" for COMMIT inside DO within a transaction block', async () => {
    const client = await db.current.client();
    await client.query('begin');
    await expect(client.query('do $$ begin commit; end $$')).rejects.toThrow(/invalid transaction termination/);
    await client.query('rollback');
  });

  it('keeps a sequence advanced after a rollback (why nextval is a side effect)', async () => {
    const client = await db.current.client();
    await client.query('create sequence if not exists probe_seq');
    const before = Number((await client.query(`select last_value from probe_seq`)).rows[0].last_value);
    await client.query('begin');
    await client.query(`select nextval('probe_seq'), nextval('probe_seq')`);
    await client.query('rollback');
    const after = (await client.query(`select last_value, is_called from probe_seq`)).rows[0];
    expect(after.is_called).toBe(true);
    expect(Number(after.last_value)).toBeGreaterThanOrEqual(before + 1);
  });
});
