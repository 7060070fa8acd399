import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hasNoTransactionMarker, loadMigrations } from './migration-files.js';
import { cleanScratchesAfterAll, confitureErrorOf, scratchProject } from './test-helpers/fixtures.js';

cleanScratchesAfterAll();

describe('loadMigrations', () => {
  it('reads up and down files, orders versions numerically, checksums the up bytes, ignores non-.sql files', async () => {
    const up10 = 'alter table a add column b int;\n';
    const project = scratchProject({
      'db/migrations/10_add_b.up.sql': up10,
      'db/migrations/10_add_b.down.sql': 'alter table a drop column b;',
      'db/migrations/2_create_a.up.sql': 'create table a (id int);',
      'db/migrations/20240101120000_index-a.up.sql': '-- confiture:no-transaction\r\ncreate index concurrently on a (id);',
      'db/migrations/README.md': 'not a migration',
      'db/migrations/archive/0_old.sql': 'subdirectories are ignored',
    });
    const migrations = await loadMigrations({ root: project.root, migrationsDir: 'db/migrations' });
    expect(migrations.map((m) => [m.version, m.name])).toEqual([
      ['2', 'create_a'],
      ['10', 'add_b'],
      ['20240101120000', 'index-a'],
    ]);
    const addB = migrations[1]!;
    expect(addB.file).toBe('db/migrations/10_add_b.up.sql');
    expect(addB.downFile).toBe('db/migrations/10_add_b.down.sql');
    expect(addB.checksum).toBe(createHash('sha256').update(up10).digest('hex'));
    expect(migrations[0]!.downFile).toBeNull();
    expect(migrations.map((m) => m.noTransaction)).toEqual([false, false, true]);
  });

  it('rejects .sql files with another name, naming them and the expected pattern', async () => {
    const project = scratchProject({
      'db/migrations/001_ok.up.sql': '',
      'db/migrations/schema.sql': '',
      'db/migrations/002-bad.up.sql': '',
      'db/migrations/003_orphan.down.sql': '',
    });
    const error = await confitureErrorOf(loadMigrations({ root: project.root, migrationsDir: 'db/migrations' }));
    expect(error.code).toBe('CONFITURE_MIGRATION_INVALID_NAME');
    expect(error.message).toContain('schema.sql');
    expect(error.message).toContain('002-bad.up.sql');
    expect(error.message).toContain('003_orphan.down.sql (no .up.sql');
    expect(error.message).toContain('<version>_<name>.up.sql');
  });

  it('rejects two migrations whose versions are numerically equal', async () => {
    const project = scratchProject({ 'db/migrations/001_a.up.sql': '', 'db/migrations/1_b.up.sql': '' });
    const error = await confitureErrorOf(loadMigrations({ root: project.root, migrationsDir: 'db/migrations' }));
    expect(error.code).toBe('CONFITURE_MIGRATION_DUPLICATE_VERSION');
    expect(error.message).toContain('001_a.up.sql and 1_b.up.sql');
  });

  it('says when the migrations directory is missing', async () => {
    const project = scratchProject();
    const error = await confitureErrorOf(loadMigrations({ root: project.root, migrationsDir: 'db/migrations' }));
    expect(error.code).toBe('CONFITURE_DIRECTORY_MISSING');
    expect(error.message).toContain('db/migrations');
    expect(error.hint).toContain('migrate generate');
  });
});

describe('hasNoTransactionMarker', () => {
  it('only looks at the first line', () => {
    expect(hasNoTransactionMarker('-- confiture:no-transaction\nselect 1')).toBe(true);
    expect(hasNoTransactionMarker('--confiture:no-transaction  ')).toBe(true);
    expect(hasNoTransactionMarker('select 1;\n-- confiture:no-transaction')).toBe(false);
  });
});
