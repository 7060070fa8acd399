import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateMigration, slugifyMigrationName } from './generate.js';
import { loadMigrations } from './migration-files.js';
import { cleanScratchesAfterAll, confitureErrorOf, scratchProject } from './test-helpers/fixtures.js';

cleanScratchesAfterAll();

const now = new Date(Date.UTC(2024, 11, 31, 23, 59, 59));

describe('generateMigration', () => {
  it('creates timestamped up and down files with a header, in a directory it creates', async () => {
    const project = scratchProject();
    const created = await generateMigration({ root: project.root, migrationsDir: 'db/migrations', name: 'Add ordersStatus', now });
    expect(created).toEqual({
      version: '20241231235959',
      name: 'add_orders_status',
      up: 'db/migrations/20241231235959_add_orders_status.up.sql',
      down: 'db/migrations/20241231235959_add_orders_status.down.sql',
    });
    const up = readFileSync(join(project.root, created.up), 'utf8');
    expect(up).toMatch(/^-- 20241231235959_add_orders_status\.up\.sql\n/);
    expect(up).toContain('confiture:no-transaction');
    expect(readFileSync(join(project.root, created.down), 'utf8')).toContain('migrate down');
    const [migration] = await loadMigrations({ root: project.root, migrationsDir: 'db/migrations' });
    expect(migration).toMatchObject({ version: '20241231235959', name: 'add_orders_status', noTransaction: false });
  });

  it('moves on by a second (across midnight and years) while the version is taken', async () => {
    const project = scratchProject({
      'db/migrations/20241231235959_first.up.sql': '',
      'db/migrations/20250101000000_second.up.sql': '',
    });
    const created = await generateMigration({ root: project.root, migrationsDir: 'db/migrations', name: 'third', now });
    expect(created.version).toBe('20250101000001');
    const again = await generateMigration({ root: project.root, migrationsDir: 'db/migrations', name: 'third', now });
    expect(again.version).toBe('20250101000002');
  });

  it('refuses a name without letters or digits', async () => {
    const project = scratchProject();
    const error = await confitureErrorOf(generateMigration({ root: project.root, migrationsDir: 'db/migrations', name: ' --- !', now }));
    expect(error.code).toBe('CONFITURE_USAGE');
    expect(error.hint).toContain('migrate generate');
  });
});

describe('slugifyMigrationName', () => {
  it('makes snake_case file names', () => {
    expect(slugifyMigrationName('Créer la table Commandes')).toBe('creer_la_table_commandes');
    expect(slugifyMigrationName('  add__users--email  ')).toBe('add_users_email');
    expect(slugifyMigrationName('HTTPRequests v2')).toBe('httprequests_v2');
  });
});
