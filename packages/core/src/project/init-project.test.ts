import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freshPglite } from '@confiture/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYamlWithPositions } from '../config/yaml-source.js';
import { initProject } from './init-project.js';
import { loadProject } from './load-project.js';
import { caught, useTempDirs } from './test-helpers/temp-dir.js';

const tempDir = useTempDirs();
const now = new Date(Date.UTC(2025, 0, 2, 3, 4, 5));

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();
}

describe('initProject', () => {
  it('creates the project files and returns them', async () => {
    const parent = await tempDir();
    const root = join(parent, 'my-app');
    const result = await initProject(root, { now });
    expect(result.root).toBe(root);
    expect(result.files).toEqual([
      { path: 'confiture.yaml', action: 'created' },
      { path: 'db/schema/00_extensions.sql', action: 'created' },
      { path: 'db/schema/10_users.sql', action: 'created' },
      { path: 'db/migrations/20250102030405_initial.up.sql', action: 'created' },
      { path: 'db/migrations/20250102030405_initial.down.sql', action: 'created' },
      { path: 'db/environments/development.yaml', action: 'created' },
      { path: 'db/environments/production.yaml', action: 'created' },
      { path: '.gitignore', action: 'created' },
    ]);
    expect(await listFiles(root)).toEqual(result.files.map((file) => file.path).sort());
    expect(await readFile(join(root, '.gitignore'), 'utf8')).toBe('.confiture/\n');
  });

  it('writes commented YAML that points editors at the JSON Schema', async () => {
    const root = await tempDir();
    await initProject(root, { now });
    const config = await readFile(join(root, 'confiture.yaml'), 'utf8');
    expect(config).toMatch(/^# yaml-language-server: \$schema=https:\/\/unpkg\.com\/@confiture\/core@\d+\.\d+\.\d+[^/]*\/schema\/confiture\.schema\.json\n/);
    expect(config.split('\n').filter((line) => line.startsWith('#')).length).toBeGreaterThan(10);
    const production = await readFile(join(root, 'db/environments/production.yaml'), 'utf8');
    expect(production).toMatch(/^# yaml-language-server: \$schema=https:\/\/unpkg\.com\/.*\/schema\/environment\.schema\.json\n/);
    expect(parseYamlWithPositions(production, 'production.yaml').value).toMatchObject({ database_url: '${DATABASE_URL}' });
  });

  it('points at the installed schema when node_modules has @confiture/core', async () => {
    const parent = await tempDir({ 'node_modules/@confiture/core/schema/confiture.schema.json': '{}', 'node_modules/@confiture/core/schema/environment.schema.json': '{}' });
    const root = join(parent, 'app');
    await initProject(root, { now });
    expect(await readFile(join(root, 'confiture.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/node_modules\/@confiture\/core\/schema\/confiture\.schema\.json\n/);
    expect(await readFile(join(root, 'db/environments/development.yaml'), 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/\.\.\/\.\.\/node_modules\/@confiture\/core\/schema\/environment\.schema\.json\n/,
    );
  });

  it('produces a project that loads and validates in every environment', async () => {
    const root = await tempDir();
    await initProject(root, { now });
    const base = await loadProject({ cwd: root, processEnv: {} });
    expect(base).toMatchObject({ schemaDirs: [join(root, 'db/schema')], migrationsDir: join(root, 'db/migrations'), lockWaitTimeoutMs: 30_000, database: null, warnings: [] });
    const development = await loadProject({ cwd: root, env: 'development', processEnv: {} });
    expect(development.lockWaitTimeoutMs).toBe(5_000);
    expect(development.database).toBeNull();
    const production = await loadProject({ cwd: root, env: 'production', processEnv: { DATABASE_URL: 'postgres://app:pw@db/app' } });
    expect(production.database).toMatchObject({ source: 'environment-file', redactedUrl: 'postgres://app:***@db/app' });
    expect(production.lockTimeoutMs).toBe(5_000);
    const unset = await loadProject({ cwd: root, env: 'production', processEnv: {} });
    const error = await caught(() => unset.database);
    expect(error.code).toBe('CONFITURE_ENV_VAR_MISSING');
    expect(error.message).toContain('DATABASE_URL');
    expect(error.location).toMatchObject({ file: 'db/environments/production.yaml' });
  });

  it('refuses to overwrite existing files and then writes nothing', async () => {
    const root = await tempDir({ 'confiture.yaml': 'migrations_dir: mine\n', 'db/environments/production.yaml': '# mine\n' });
    const error = await caught(() => initProject(root, { now }));
    expect(error.code).toBe('CONFITURE_USAGE');
    expect(error.message).toBe(`${root} already holds a Confiture project (or part of one): confiture.yaml, db/environments/production.yaml.`);
    expect(error.hint).toContain('--force');
    expect(error.details.existing).toEqual(['confiture.yaml', 'db/environments/production.yaml']);
    expect(await listFiles(root)).toEqual(['confiture.yaml', 'db/environments/production.yaml']);
    expect(await readFile(join(root, 'confiture.yaml'), 'utf8')).toBe('migrations_dir: mine\n');
  });

  it('refuses when migrations already exist', async () => {
    const root = await tempDir({ 'db/migrations/20240101000000_users.up.sql': 'select 1;\n' });
    const error = await caught(() => initProject(root, { now }));
    expect(error.details.existing).toEqual(['db/migrations/20240101000000_users.up.sql']);
  });

  it('overwrites with force, reusing the version of the existing initial migration', async () => {
    const root = await tempDir({ 'confiture.yaml': 'migrations_dir: mine\n', 'db/migrations/20240101000000_initial.up.sql': 'old\n', '.gitignore': 'node_modules' });
    const result = await initProject(root, { now, force: true });
    expect(result.files).toContainEqual({ path: 'confiture.yaml', action: 'overwritten' });
    expect(result.files).toContainEqual({ path: 'db/migrations/20240101000000_initial.up.sql', action: 'overwritten' });
    expect(result.files).toContainEqual({ path: 'db/migrations/20240101000000_initial.down.sql', action: 'created' });
    expect(result.files).toContainEqual({ path: '.gitignore', action: 'updated' });
    expect(await readdir(join(root, 'db/migrations'))).toEqual(['20240101000000_initial.down.sql', '20240101000000_initial.up.sql']);
    expect(await readFile(join(root, 'db/migrations/20240101000000_initial.up.sql'), 'utf8')).toContain('alter table users');
    expect(await readFile(join(root, '.gitignore'), 'utf8')).toBe('node_modules\n.confiture/\n');
  });

  it('leaves a .gitignore that already ignores .confiture alone', async () => {
    const root = await tempDir({ '.gitignore': 'dist/\n/.confiture\n' });
    const result = await initProject(root, { now });
    expect(result.files.map((file) => file.path)).not.toContain('.gitignore');
    expect(await readFile(join(root, '.gitignore'), 'utf8')).toBe('dist/\n/.confiture\n');
  });

  it('refuses a path that is a file', async () => {
    const parent = await tempDir();
    await mkdir(join(parent, 'd'));
    await writeFile(join(parent, 'file'), '');
    expect((await caught(() => initProject(join(parent, 'file')))).code).toBe('CONFITURE_USAGE');
  });
});

describe('the scaffolded SQL', () => {
  let db: Awaited<ReturnType<typeof freshPglite>>;
  // Starting PGlite is the slow part: do it in a hook, whose timeout is generous, not in the test.
  beforeAll(async () => {
    db = await freshPglite();
  });
  afterAll(async () => {
    await db.close();
  });

  it('runs on the embedded database: the migration applies on top of the schema and the down undoes it', async () => {
    const root = await tempDir();
    await initProject(root, { now });
    const sql = (path: string) => readFile(join(root, path), 'utf8');
    const hasDisplayName = async () =>
      (await db.query<{ n: number }>("select count(*)::int as n from information_schema.columns where table_name = 'users' and column_name = 'display_name'")).rows[0]?.n;
    await db.exec(await sql('db/schema/00_extensions.sql'));
    await db.exec(await sql('db/schema/10_users.sql'));
    await db.query("insert into users (email) values ('a@example.com')");
    await db.exec(await sql('db/migrations/20250102030405_initial.up.sql'));
    expect(await hasDisplayName()).toBe(1);
    await db.exec(await sql('db/migrations/20250102030405_initial.down.sql'));
    expect(await hasDisplayName()).toBe(0);
    await db.exec('drop table users');
  });
});
