import { describe, expect, it } from 'vitest';
import { cleanScratchesAfterAll, confitureErrorOf, scratchProject, tablesOf, useBackends, useIsolatedConnection } from '../migrations/test-helpers/fixtures.js';
import { buildSchema } from './build-schema.js';

cleanScratchesAfterAll();
const backends = useBackends();

describe.each(backends)('buildSchema on $name', (backend) => {
  const db = useIsolatedConnection(backend);

  it('applies every file in order in one go and reports each file', async () => {
    const schema = await db.isolate();
    const project = scratchProject({
      'db/schema/1_types.sql': "create type status as enum ('new', 'done');",
      'db/schema/2_tables/1_users.sql': 'create table users (id int primary key);\ncreate table audit (at timestamptz);',
      'db/schema/2_tables/2_orders.sql': 'create table orders (id int primary key, user_id int references users, status status);',
      'db/schema/10_views.sql': 'create view open_orders as select * from orders where status = $$new$$;',
    });
    const result = await buildSchema(db.connection, { root: project.root, schemaDirs: ['db/schema'] });
    expect(result.files.map((f) => f.path)).toEqual([
      'db/schema/1_types.sql',
      'db/schema/2_tables/1_users.sql',
      'db/schema/2_tables/2_orders.sql',
      'db/schema/10_views.sql',
    ]);
    expect(result.files.every((f) => f.durationMs >= 0)).toBe(true);
    expect(await tablesOf(db.connection, schema)).toEqual(['audit', 'orders', 'users']);
  });

  it('fails at the file:line:column of the error with the server message, and applies nothing', async () => {
    const schema = await db.isolate();
    const project = scratchProject({
      'db/schema/1_a.sql': 'create table a (id int);',
      'db/schema/2_b.sql': '-- b\ncreate table b (id int);\n\ncreate table c (id int, a_id int referencs a);\n',
      'db/schema/3_c.sql': 'create table d (id int);',
    });
    const error = await confitureErrorOf(buildSchema(db.connection, { root: project.root, schemaDirs: ['db/schema'] }));
    expect(error.code).toBe('CONFITURE_BUILD_FAILED');
    expect(error.location).toEqual({ file: 'db/schema/2_b.sql', line: 4, column: 34 });
    expect(error.message).toContain('db/schema/2_b.sql:4:34');
    expect(error.message).toContain('syntax error at or near "referencs"');
    expect(error.message).toContain('42601');
    expect(error.details).toMatchObject({ sqlstate: '42601', file: 'db/schema/2_b.sql', filesAppliedBefore: 1 });
    expect(await tablesOf(db.connection, schema)).toEqual([]);
  });

  it('is atomic: a failure in the third file leaves nothing of the first two', async () => {
    const schema = await db.isolate();
    const project = scratchProject({
      'db/schema/1.sql': 'create table one (id int); insert into one values (1);',
      'db/schema/2.sql': 'create table two (id int);',
      'db/schema/3.sql': 'select 1 / 0;',
    });
    const error = await confitureErrorOf(buildSchema(db.connection, { root: project.root, schemaDirs: ['db/schema'] }));
    expect(error.code).toBe('CONFITURE_BUILD_FAILED');
    expect(error.message).toContain('division by zero');
    expect(error.location?.file).toBe('db/schema/3.sql');
    expect(await tablesOf(db.connection, schema)).toEqual([]);
  });

  it('finds the failing statement when the server gives no position', async () => {
    await db.isolate();
    const project = scratchProject({
      'db/schema/1.sql': 'create table users (id int);',
      'db/schema/2.sql': 'create table posts (id int);\n\n  create table users (id int);\ncreate table tags (id int);',
    });
    const error = await confitureErrorOf(buildSchema(db.connection, { root: project.root, schemaDirs: ['db/schema'] }));
    expect(error.message).toContain('relation "users" already exists');
    expect(error.location).toEqual({ file: 'db/schema/2.sql', line: 3, column: 3 });
    expect(error.details).toMatchObject({ sqlstate: '42P07', statement: 2 });
  });

  it('explains statements that cannot run in the build transaction', async () => {
    await db.isolate();
    const project = scratchProject({
      'db/schema/1.sql': 'create table t (id int);\ncreate index concurrently t_id on t (id);',
    });
    const error = await confitureErrorOf(buildSchema(db.connection, { root: project.root, schemaDirs: ['db/schema'] }));
    expect(error.code).toBe('CONFITURE_BUILD_FAILED');
    expect(error.message).toMatch(/cannot run inside a transaction block/);
    expect(error.message).toMatch(/one transaction/);
    expect(error.location).toEqual({ file: 'db/schema/1.sql', line: 2, column: 1 });
    expect(error.hint).toMatch(/CONCURRENTLY/);
  });

  it('refuses schema files that would end the build transaction', async () => {
    const schema = await db.isolate();
    const project = scratchProject({ 'db/schema/1.sql': 'create table t (id int);\ncommit;\ncreate table u (id int);' });
    const error = await confitureErrorOf(buildSchema(db.connection, { root: project.root, schemaDirs: ['db/schema'] }));
    expect(error.code).toBe('CONFITURE_BUILD_FAILED');
    expect(error.location).toEqual({ file: 'db/schema/1.sql', line: 2, column: 1 });
    expect(await tablesOf(db.connection, schema)).toEqual([]);
  });

  it('maps positions after non-BMP characters to the right column', async () => {
    await db.isolate();
    const project = scratchProject({ 'db/schema/1.sql': "\uFEFFcomment on schema public is '🎉 é';\nselect '🎉🎉', nope;" });
    const error = await confitureErrorOf(buildSchema(db.connection, { root: project.root, schemaDirs: ['db/schema'] }));
    expect(error.message).toContain('column "nope" does not exist');
    // Columns count UTF-16 units, as editors do: "select '🎉🎉', " is 15 units long.
    expect(error.location).toEqual({ file: 'db/schema/1.sql', line: 2, column: 16 });
  });
});
