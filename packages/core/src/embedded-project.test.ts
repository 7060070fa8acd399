import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEmbedded } from './connection/embedded.js';
import { openEmbeddedProject, resetEmbeddedProject } from './embedded-project.js';
import { cleanScratchesAfterAll, confitureErrorOf, scratchProject } from './migrations/test-helpers/fixtures.js';

cleanScratchesAfterAll();

const files = {
  'db/schema/1_users.sql': 'create table users (id int primary key, name text);',
  'db/migrations/1_add_email.up.sql': 'alter table users add column email text;',
};
const base = { schemaDirs: ['db/schema'], migrationsDir: 'db/migrations', dataDir: '.confiture/embedded' } as const;

async function columnsOfUsers(project: { connection: { query: (text: string) => Promise<{ rows: any[] }> } }): Promise<string[]> {
  const { rows } = await project.connection.query(`select column_name as c from information_schema.columns where table_name = 'users' order by ordinal_position`);
  return rows.map((r) => r.c);
}

describe('openEmbeddedProject', () => {
  it('creates and builds the persistent database once, keeps its data, and applies migrations on request', async () => {
    const scratch = scratchProject(files);
    const first = await openEmbeddedProject({ ...base, root: scratch.root, mode: 'persistent' });
    try {
      expect(first.created).toBe(true);
      expect(first.built?.files.map((f) => f.path)).toEqual(['db/schema/1_users.sql']);
      expect(first.migrations).toBeNull();
      expect(await columnsOfUsers(first)).toEqual(['id', 'name']);
      await first.connection.query(`insert into users values (1, 'Ada')`);
    } finally {
      await first.connection.close();
    }
    expect(existsSync(join(scratch.root, '.confiture/embedded/PG_VERSION'))).toBe(true);

    const second = await openEmbeddedProject({ ...base, root: scratch.root, mode: 'persistent', applyMigrations: true });
    try {
      expect(second).toMatchObject({ created: false, built: null });
      expect(second.migrations?.applied.map((m) => m.version)).toEqual(['1']);
      expect(await columnsOfUsers(second)).toEqual(['id', 'name', 'email']);
      const { rows } = await second.connection.query('select name from users');
      expect(rows).toEqual([{ name: 'Ada' }]);
    } finally {
      await second.connection.close();
    }

    // Without the build marker (an interrupted build), the directory is refused rather than trusted.
    const raw = await openEmbedded({ dataDir: join(scratch.root, base.dataDir) });
    await raw.exec('comment on database postgres is null');
    await raw.close();
    const incomplete = await confitureErrorOf(openEmbeddedProject({ ...base, root: scratch.root, mode: 'persistent' }));
    expect(incomplete.code).toBe('CONFITURE_EMBEDDED_INCOMPLETE');
    expect(incomplete.hint).toContain('confiture build');

    expect(await resetEmbeddedProject({ root: scratch.root, dataDir: base.dataDir })).toEqual({ removed: true });
    expect(existsSync(join(scratch.root, '.confiture/embedded'))).toBe(false);
    expect(await resetEmbeddedProject({ root: scratch.root, dataDir: base.dataDir })).toEqual({ removed: false });
  }, 60_000);

  it('builds a fresh in-memory database with migrations applied', async () => {
    const scratch = scratchProject(files);
    const project = await openEmbeddedProject({ ...base, root: scratch.root, mode: 'fresh', applyMigrations: true });
    try {
      expect(project.created).toBe(true);
      expect(project.built?.files.length).toBe(1);
      expect(await columnsOfUsers(project)).toEqual(['id', 'name', 'email']);
    } finally {
      await project.connection.close();
    }
    expect(existsSync(join(scratch.root, '.confiture'))).toBe(false);
  }, 60_000);

  it('leaves no data directory behind when the build fails', async () => {
    const scratch = scratchProject({ 'db/schema/1.sql': 'create table t (id int);\ncreate tabel u (id int);' });
    const error = await confitureErrorOf(openEmbeddedProject({ ...base, root: scratch.root, mode: 'persistent' }));
    expect(error.code).toBe('CONFITURE_BUILD_FAILED');
    expect(error.location).toEqual({ file: 'db/schema/1.sql', line: 2, column: 8 });
    expect(existsSync(join(scratch.root, '.confiture/embedded'))).toBe(false);
  }, 60_000);

  it('refuses to create a database over a non-empty directory, or to reset a directory that is not one', async () => {
    const scratch = scratchProject(files);
    mkdirSync(join(scratch.root, 'data'));
    writeFileSync(join(scratch.root, 'data/notes.txt'), 'mine');
    const error = await confitureErrorOf(openEmbeddedProject({ ...base, dataDir: 'data', root: scratch.root, mode: 'persistent' }));
    expect(error.code).toBe('CONFITURE_EMBEDDED_INCOMPLETE');
    expect((await confitureErrorOf(resetEmbeddedProject({ root: scratch.root, dataDir: 'data' }))).code).toBe('CONFITURE_USAGE');
    expect((await confitureErrorOf(resetEmbeddedProject({ root: scratch.root, dataDir: '.' }))).code).toBe('CONFITURE_USAGE');
    expect((await confitureErrorOf(resetEmbeddedProject({ root: join(scratch.root, 'db'), dataDir: '..' }))).code).toBe('CONFITURE_USAGE');
    expect(existsSync(join(scratch.root, 'data/notes.txt'))).toBe(true);
  });
});
