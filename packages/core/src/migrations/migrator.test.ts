import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../queryable.js';
import { migrateDown } from './migrate-down.js';
import { migrateUp } from './migrate-up.js';
import type { MigrationPhase } from './phases.js';
import { migrationStatus } from './status.js';
import { cleanScratchesAfterAll, confitureErrorOf, scratchProject, tablesOf, useBackends, useIsolatedConnection } from './test-helpers/fixtures.js';

cleanScratchesAfterAll();
const backends = useBackends();
const dir = 'db/migrations';

async function trackingRows(connection: Connection, schema: string): Promise<Array<{ version: string; name: string; checksum: string; execution_ms: number; applied_by: string }>> {
  const { rows } = await connection.query(`select version, name, checksum, execution_ms, applied_by from ${schema}.confiture_migrations order by version::numeric`);
  return rows as never;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe.each(backends)('migrator on $name', (backend) => {
  const db = useIsolatedConnection(backend);

  it('applies pending migrations in numeric version order, records them, and is then up to date', async () => {
    const schema = await db.isolate();
    const project = scratchProject({
      [`${dir}/10_add_email.up.sql`]: 'alter table users add column email text;',
      [`${dir}/2_create_users.up.sql`]: 'create table users (id int primary key);',
      [`${dir}/1_create_tags.up.sql`]: 'create table tags (id int);\ninsert into tags values (1), (2);',
    });
    const result = await migrateUp(db.connection, { root: project.root, migrationsDir: dir });
    expect(result.applied.map((m) => `${m.version}_${m.name}`)).toEqual(['1_create_tags', '2_create_users', '10_add_email']);
    expect(result).toMatchObject({ alreadyApplied: 0, upToDate: false, remaining: [], trackingTable: `${schema}.confiture_migrations` });
    const rows = await trackingRows(db.connection, schema);
    expect(rows.map((r) => r.version)).toEqual(['1', '2', '10']);
    expect(rows[0]!.checksum).toBe(sha256('create table tags (id int);\ninsert into tags values (1), (2);'));
    expect(rows.every((r) => Number.isInteger(r.execution_ms) && r.applied_by.startsWith('postgres@'))).toBe(true);
    const { rows: columns } = await db.connection.query(`select column_name from information_schema.columns where table_schema = $1 and table_name = 'users' order by 1`, [schema]);
    expect(columns.map((c) => c.column_name)).toEqual(['email', 'id']);

    const again = await migrateUp(db.connection, { root: project.root, migrationsDir: dir });
    expect(again).toMatchObject({ applied: [], alreadyApplied: 3, upToDate: true });
  });

  it('rolls back a failing migration, keeps the earlier ones of the run, and leaves its tracking row out', async () => {
    const schema = await db.isolate();
    const project = scratchProject({
      [`${dir}/001_one.up.sql`]: 'create table one (id int);',
      [`${dir}/002_two.up.sql`]: 'create table two (id int);\ninsert into two values (1);\ninsert into two values (1 / 0);\n',
      [`${dir}/003_three.up.sql`]: 'create table three (id int);',
    });
    const error = await confitureErrorOf(migrateUp(db.connection, { root: project.root, migrationsDir: dir }));
    expect(error.code).toBe('CONFITURE_MIGRATION_FAILED');
    expect(error.message).toContain('Migration 002_two failed');
    expect(error.message).toContain('division by zero');
    expect(error.message).toContain('22012');
    expect(error.message).toContain('001_one');
    expect(error.location).toEqual({ file: `${dir}/002_two.up.sql`, line: 3, column: 1 });
    expect(error.details).toMatchObject({ applied: ['001_one'], version: '002', sqlstate: '22012' });
    expect(await tablesOf(db.connection, schema)).toEqual(['confiture_migrations', 'one']);
    expect((await trackingRows(db.connection, schema)).map((r) => r.version)).toEqual(['001']);
  });

  it('locates a syntax error at file:line:column and applies nothing', async () => {
    const schema = await db.isolate();
    const project = scratchProject({
      [`${dir}/1_bad.up.sql`]: '-- create the users\ncreate table users (\n  id int primary key,\n  name text not nul\n);\n',
      [`${dir}/2_next.up.sql`]: 'create table next (id int);',
    });
    const error = await confitureErrorOf(migrateUp(db.connection, { root: project.root, migrationsDir: dir }));
    expect(error.code).toBe('CONFITURE_MIGRATION_FAILED');
    expect(error.location).toEqual({ file: `${dir}/1_bad.up.sql`, line: 4, column: 17 });
    expect(error.message).toContain(`${dir}/1_bad.up.sql:4:17`);
    expect(error.message).toContain('syntax error at or near "nul"');
    expect(error.details).toMatchObject({ applied: [] });
    expect(await tablesOf(db.connection, schema)).toEqual(['confiture_migrations']);
    expect(await trackingRows(db.connection, schema)).toEqual([]);
  });

  it('stops after the target version, inclusive, and rejects unknown or malformed targets', async () => {
    await db.isolate();
    const project = scratchProject({
      [`${dir}/1_a.up.sql`]: 'create table a (id int);',
      [`${dir}/2_b.up.sql`]: 'create table b (id int);',
      [`${dir}/3_c.up.sql`]: 'create table c (id int);',
    });
    const options = { root: project.root, migrationsDir: dir };
    expect((await confitureErrorOf(migrateUp(db.connection, { ...options, target: '7' }))).code).toBe('CONFITURE_MIGRATION_NOT_FOUND');
    expect((await confitureErrorOf(migrateUp(db.connection, { ...options, target: 'latest' }))).code).toBe('CONFITURE_USAGE');
    const first = await migrateUp(db.connection, { ...options, target: '2' });
    expect(first.applied.map((m) => m.version)).toEqual(['1', '2']);
    expect(first.remaining).toEqual([{ version: '3', name: 'c' }]);
    expect((await migrateUp(db.connection, { ...options, target: '002' })).upToDate).toBe(true);
    expect((await migrateUp(db.connection, options)).applied.map((m) => m.version)).toEqual(['3']);
  });

  it('reverts the last applied migrations with their down files, latest first', async () => {
    const schema = await db.isolate();
    const project = scratchProject({
      [`${dir}/1_a.up.sql`]: 'create table a (id int);',
      [`${dir}/1_a.down.sql`]: 'drop table a;',
      [`${dir}/2_b.up.sql`]: 'create table b (id int);',
      [`${dir}/2_b.down.sql`]: 'drop table b;',
      [`${dir}/3_c.up.sql`]: 'create table c (id int);',
      [`${dir}/3_c.down.sql`]: '-- undo c\ndrop table c;',
    });
    const options = { root: project.root, migrationsDir: dir };
    await migrateUp(db.connection, options);
    const one = await migrateDown(db.connection, options);
    expect(one.reverted.map((m) => m.version)).toEqual(['3']);
    const two = await migrateDown(db.connection, { ...options, steps: 2 });
    expect(two.reverted.map((m) => m.version)).toEqual(['2', '1']);
    expect(two.stillApplied).toBe(0);
    expect(await tablesOf(db.connection, schema)).toEqual(['confiture_migrations']);
    expect(await trackingRows(db.connection, schema)).toEqual([]);
    expect((await migrateDown(db.connection, options)).reverted).toEqual([]);
    expect((await confitureErrorOf(migrateDown(db.connection, { ...options, steps: 0 }))).code).toBe('CONFITURE_USAGE');
  });

  it('refuses to revert anything when one of the steps has no down file', async () => {
    const schema = await db.isolate();
    const project = scratchProject({
      [`${dir}/1_a.up.sql`]: 'create table a (id int);',
      [`${dir}/1_a.down.sql`]: 'drop table a;',
      [`${dir}/2_b.up.sql`]: 'create table b (id int);',
      [`${dir}/3_c.up.sql`]: 'create table c (id int);',
      [`${dir}/3_c.down.sql`]: 'drop table c;',
    });
    const options = { root: project.root, migrationsDir: dir };
    await migrateUp(db.connection, options);
    const error = await confitureErrorOf(migrateDown(db.connection, { ...options, steps: 3 }));
    expect(error.code).toBe('CONFITURE_MIGRATION_NO_DOWN');
    expect(error.message).toContain('2_b.down.sql');
    expect(await tablesOf(db.connection, schema)).toEqual(['a', 'b', 'c', 'confiture_migrations']);
    expect((await trackingRows(db.connection, schema)).length).toBe(3);
    project.write(`${dir}/2_b.down.sql`, '-- nothing yet\n');
    expect((await confitureErrorOf(migrateDown(db.connection, { ...options, steps: 2 }))).message).toContain('has no statements');
  });

  it('rolls back a failing down file, which leaves the migration applied', async () => {
    const schema = await db.isolate();
    const project = scratchProject({
      [`${dir}/1_a.up.sql`]: 'create table a (id int);',
      [`${dir}/1_a.down.sql`]: 'drop table a;\ndrop table nope;\n',
    });
    const options = { root: project.root, migrationsDir: dir };
    await migrateUp(db.connection, options);
    const phases: string[] = [];
    const error = await confitureErrorOf(migrateDown(db.connection, { ...options, onPhase: (phase, ctx) => void phases.push(`${phase}:${ctx.direction}`) }));
    expect(error.code).toBe('CONFITURE_MIGRATION_FAILED');
    expect(error.message).toContain('Reverting migration 1_a failed');
    expect(error.message).toContain('table "nope" does not exist');
    expect(error.location).toEqual({ file: `${dir}/1_a.down.sql`, line: 2, column: 1 });
    expect(phases).toEqual(['before-migrate:down', 'before-migration:down', 'migration-failed:down']);
    expect(await tablesOf(db.connection, schema)).toEqual(['a', 'confiture_migrations']);
    expect((await trackingRows(db.connection, schema)).map((r) => r.version)).toEqual(['1']);
  });

  it('reports status without creating the tracking table, then applied, drifted and missing migrations', async () => {
    const schema = await db.isolate();
    const project = scratchProject({
      [`${dir}/1_a.up.sql`]: 'create table a (id int);',
      [`${dir}/1_a.down.sql`]: 'drop table a;',
      [`${dir}/2_b.up.sql`]: 'create table b (id int);',
    });
    const options = { root: project.root, migrationsDir: dir };
    const before = await migrationStatus(db.connection, options);
    expect(before).toMatchObject({ pending: 2, applied: 0, drifted: 0, missingFiles: [], trackingTableExists: false });
    expect(before.migrations.map((m) => [m.version, m.applied, m.appliedAt])).toEqual([
      ['1', false, null],
      ['2', false, null],
    ]);
    expect(await tablesOf(db.connection, schema)).toEqual([]);

    await migrateUp(db.connection, { ...options, target: '1' });
    const after = await migrationStatus(db.connection, options);
    expect(JSON.parse(JSON.stringify(after))).toEqual(after);
    const [a, b] = after.migrations;
    expect(a).toMatchObject({ version: '1', name: 'a', applied: true, drift: false, file: `${dir}/1_a.up.sql`, downFile: `${dir}/1_a.down.sql` });
    expect(Number.isNaN(Date.parse(a!.appliedAt!))).toBe(false);
    expect(typeof a!.executionMs).toBe('number');
    expect(a!.checksum).toBe(sha256('create table a (id int);'));
    expect(b).toMatchObject({ version: '2', applied: false, appliedAt: null, checksum: sha256('create table b (id int);') });
    expect(after).toMatchObject({ pending: 1, applied: 1, drifted: 0 });

    project.write(`${dir}/1_a.up.sql`, 'create table a (id bigint);');
    expect((await migrationStatus(db.connection, options)).migrations[0]).toMatchObject({ applied: true, drift: true });
    project.remove(`${dir}/1_a.up.sql`);
    project.remove(`${dir}/1_a.down.sql`);
    const missing = await migrationStatus(db.connection, options);
    expect(missing.missingFiles).toMatchObject([{ version: '1', name: 'a' }]);
    expect(missing.migrations.map((m) => m.version)).toEqual(['2']);
  });

  it('refuses to run when an applied migration changed, unless drift is allowed', async () => {
    const schema = await db.isolate();
    const project = scratchProject({ [`${dir}/1_a.up.sql`]: 'create table a (id int);' });
    const options = { root: project.root, migrationsDir: dir };
    await migrateUp(db.connection, options);
    project.write(`${dir}/1_a.up.sql`, 'create table a (id int); -- edited');
    project.write(`${dir}/2_b.up.sql`, 'create table b (id int);');
    const error = await confitureErrorOf(migrateUp(db.connection, options));
    expect(error.code).toBe('CONFITURE_MIGRATION_DRIFT');
    expect(error.message).toContain(`${dir}/1_a.up.sql`);
    expect(error.hint).toMatch(/new migration/);
    expect(await tablesOf(db.connection, schema)).toEqual(['a', 'confiture_migrations']);

    const allowed = await migrateUp(db.connection, { ...options, allowDrift: true });
    expect(allowed.applied.map((m) => m.version)).toEqual(['2']);
    expect(allowed.drifted).toMatchObject([{ version: '1', file: `${dir}/1_a.up.sql`, fileChecksum: sha256('create table a (id int); -- edited') }]);
  });

  it('reports an applied migration whose file is gone', async () => {
    await db.isolate();
    const project = scratchProject({ [`${dir}/1_a.up.sql`]: 'create table a (id int);', [`${dir}/2_b.up.sql`]: 'create table b (id int);' });
    const options = { root: project.root, migrationsDir: dir };
    await migrateUp(db.connection, options);
    project.remove(`${dir}/1_a.up.sql`);
    const error = await confitureErrorOf(migrateUp(db.connection, options));
    expect(error.code).toBe('CONFITURE_MIGRATION_DRIFT');
    expect(error.message).toContain('1_a');
    expect(error.details).toMatchObject({ missingFiles: [{ version: '1', name: 'a' }] });
    expect((await migrateUp(db.connection, { ...options, allowDrift: true })).missingFiles).toMatchObject([{ version: '1' }]);
  });

  it('runs no-transaction migrations statement by statement (CREATE INDEX CONCURRENTLY works)', async () => {
    const schema = await db.isolate();
    const project = scratchProject({
      [`${dir}/1_table.up.sql`]: 'create table t (id int, "a;b" text);',
      [`${dir}/2_index.up.sql`]: `-- confiture:no-transaction
create index concurrently t_id on t (id);
create index concurrently t_ab on t ("a;b");
do $$ begin perform 1; end $$;`,
    });
    const result = await migrateUp(db.connection, { root: project.root, migrationsDir: dir });
    expect(result.applied.map((m) => m.version)).toEqual(['1', '2']);
    const { rows } = await db.connection.query(
      `select c.relname as name, i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 order by 1`,
      [schema],
    );
    expect(rows.filter((r) => r.name.startsWith('t_'))).toEqual([
      { name: 't_ab', valid: true },
      { name: 't_id', valid: true },
    ]);
    expect((await trackingRows(db.connection, schema)).map((r) => r.version)).toEqual(['1', '2']);
  });

  it('reports the failing statement of a no-transaction migration and keeps what ran before it', async () => {
    const schema = await db.isolate();
    const project = scratchProject({
      [`${dir}/1_nt.up.sql`]: '-- confiture:no-transaction\ncreate table first (id int);\n\nselect id, nope from first;\ncreate table third (id int);\n',
    });
    const error = await confitureErrorOf(migrateUp(db.connection, { root: project.root, migrationsDir: dir }));
    expect(error.code).toBe('CONFITURE_MIGRATION_FAILED');
    expect(error.location).toEqual({ file: `${dir}/1_nt.up.sql`, line: 4, column: 12 });
    expect(error.message).toContain('statement 2 of 3');
    expect(error.message).toContain('column "nope" does not exist');
    expect(error.message).toMatch(/first 1 statement ran/);
    expect(error.details).toMatchObject({ statement: 2, statements: 3, noTransaction: true });
    expect(await tablesOf(db.connection, schema)).toEqual(['confiture_migrations', 'first']);
    expect(await trackingRows(db.connection, schema)).toEqual([]);
  });

  it('explains a statement that cannot run in the migration transaction and points to the marker', async () => {
    const schema = await db.isolate();
    const project = scratchProject({
      [`${dir}/1_a.up.sql`]: 'create table a (id int);\ncreate index concurrently a_id on a (id);\n',
    });
    const error = await confitureErrorOf(migrateUp(db.connection, { root: project.root, migrationsDir: dir }));
    expect(error.message).toContain('cannot run inside a transaction block');
    expect(error.location).toEqual({ file: `${dir}/1_a.up.sql`, line: 2, column: 1 });
    expect(error.hint).toContain('-- confiture:no-transaction');
    expect(await tablesOf(db.connection, schema)).toEqual(['confiture_migrations']);
  });

  it('refuses a transactional migration that commits on its own, before running anything', async () => {
    const schema = await db.isolate();
    const project = scratchProject({
      [`${dir}/1_a.up.sql`]: 'create table a (id int);',
      [`${dir}/2_b.up.sql`]: 'begin;\ncreate table b (id int);\ncommit;',
    });
    const error = await confitureErrorOf(migrateUp(db.connection, { root: project.root, migrationsDir: dir }));
    expect(error.code).toBe('CONFITURE_MIGRATION_FAILED');
    expect(error.location).toEqual({ file: `${dir}/2_b.up.sql`, line: 1, column: 1 });
    expect(await tablesOf(db.connection, schema)).toEqual(['confiture_migrations']);
  });

  it('calls onPhase around the run and each migration; a throwing before-migration rolls that migration back', async () => {
    const schema = await db.isolate();
    const project = scratchProject({
      [`${dir}/1_a.up.sql`]: 'create table a (id int);',
      [`${dir}/2_b.up.sql`]: 'create table b (id int);',
    });
    const seen: string[] = [];
    const inTransaction: boolean[] = [];
    const result = await migrateUp(db.connection, {
      root: project.root,
      migrationsDir: dir,
      target: '1',
      onPhase: async (phase, ctx) => {
        seen.push(`${phase}:${ctx.migration?.version ?? '-'}:${ctx.applied.length}:${ctx.planned.length}`);
        if (phase === 'before-migration') {
          // SAVEPOINT only works inside a transaction block: the migration's.
          const ok = await ctx.queryable.query('savepoint hook_probe').then(() => true, () => false);
          if (ok) await ctx.queryable.query('release savepoint hook_probe');
          inTransaction.push(ok);
        }
      },
    });
    expect(result.applied.length).toBe(1);
    expect(seen).toEqual(['before-migrate:-:0:1', 'before-migration:1:0:1', 'after-migration:1:1:1', 'after-migrate:-:1:1']);
    expect(inTransaction).toEqual([true]);

    const phases: MigrationPhase[] = [];
    const error = await confitureErrorOf(
      migrateUp(db.connection, {
        root: project.root,
        migrationsDir: dir,
        onPhase: async (phase, ctx) => {
          phases.push(phase);
          if (phase === 'before-migration') {
            await ctx.queryable.query('create table from_hook (id int)');
            throw new Error('change freeze until Monday');
          }
        },
      }),
    );
    expect(error.code).toBe('CONFITURE_MIGRATION_FAILED');
    expect(error.message).toContain('change freeze until Monday');
    expect(error.message).toContain('2_b');
    expect(phases).toEqual(['before-migrate', 'before-migration', 'migration-failed']);
    expect(await tablesOf(db.connection, schema)).toEqual(['a', 'confiture_migrations']);
  });

  it('uses a schema-qualified tracking table, creating its schema', async () => {
    await db.isolate();
    const ops = `ops_${backend.name}`;
    const project = scratchProject({ [`${dir}/1_a.up.sql`]: 'create table a (id int);' });
    const result = await migrateUp(db.connection, { root: project.root, migrationsDir: dir, trackingTable: `${ops}."Applied"` });
    expect(result.trackingTable).toBe(`${ops}.Applied`);
    const { rows } = await db.connection.query(`select version from ${ops}."Applied"`);
    expect(rows).toEqual([{ version: '1' }]);
    expect((await migrationStatus(db.connection, { root: project.root, migrationsDir: dir, trackingTable: `${ops}."Applied"` })).applied).toBe(1);
  });
});
