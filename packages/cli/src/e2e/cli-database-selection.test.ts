import { useTestDatabase } from '@confiture/test-utils';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// Which database a command uses, through the built binary: the five sources in precedence
// order, --env, --config and --cwd, the one-line notice of the embedded database, and passwords
// kept out of everything printed.

const db = useTestDatabase('confiture_cli_select');
let parent: string;
let project: string;

/** The test server's URL with a password in it: the server's own, or one that trust auth ignores. */
function urlWithPassword(): { url: string; password: string } {
  const url = new URL(db.current.url);
  if (url.password === '') url.password = process.env.PGPASSWORD || 'e2e-pass-7f3a9c';
  return { url: url.toString(), password: decodeURIComponent(url.password) };
}

/** An unreachable URL whose port tells which source it came from. */
const unreachable = (port: number): string => `postgres://app:leak-${port}-secret@127.0.0.1:${port}/app`;

type Level = 'flag' | 'CONFITURE_DATABASE_URL' | 'environment file' | 'confiture.yaml' | 'DATABASE_URL';
const levels: Level[] = ['flag', 'CONFITURE_DATABASE_URL', 'environment file', 'confiture.yaml', 'DATABASE_URL'];

/** `migrate status` with the given URL at each level (undefined: that level gives none). */
function statusWith(urls: Partial<Record<Level, string>>) {
  const args = ['migrate', 'status', '--format', 'json', '--env', 'staging'];
  if (urls.flag !== undefined) args.push('--database-url', urls.flag);
  return runCli(args, {
    cwd: project,
    env: {
      CONFITURE_DATABASE_URL: urls.CONFITURE_DATABASE_URL,
      APP_STAGING_DB_URL: urls['environment file'],
      APP_BASE_DB_URL: urls['confiture.yaml'],
      DATABASE_URL: urls.DATABASE_URL,
    },
  });
}

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'confiture-cli-select-'));
  project = join(parent, 'app');
  const files: Record<string, string> = {
    // `:-` lets an unset variable defer to the next source instead of stopping with an error.
    'confiture.yaml': 'database_url: ${APP_BASE_DB_URL:-}\n',
    'db/environments/staging.yaml': 'database_url: ${APP_STAGING_DB_URL:-}\n',
    'alt/settings.yaml': 'migrations_dir: ../db/migrations\nschema_dirs: [../db/schema]\n',
    'db/schema/1_widgets.sql': 'create table widgets (id int primary key);\n',
    'db/migrations/001_add_name.up.sql': 'alter table widgets add column name text;\n',
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(project, path)), { recursive: true });
    await writeFile(join(project, path), text);
  }
});

afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

describe('database URL precedence: --database-url > CONFITURE_DATABASE_URL > environment file > confiture.yaml > DATABASE_URL', () => {
  it.each(levels.map((level, index) => [level, index] as const))('%s wins over every source below it', async (level, index) => {
    const good = db.current.url;
    // This level is unreachable and every level below is fine: the command can only fail if this level wins.
    const losing = Object.fromEntries(levels.map((l, k) => [l, k === index ? unreachable(index + 1) : k > index ? good : undefined]));
    const failed = await statusWith(losing);
    expect(failed.code, failed.stderr).toBe(2);
    expect(failed.stderr).toContain(`127.0.0.1:${index + 1}`);
    expect(failed.stderr).toContain('CONFITURE_CONNECTION_FAILED');
    expect(failed.stderr + failed.stdout).not.toMatch(/leak-\d-secret/);
    // And the other way round: this level is fine and every level below is unreachable.
    const winning = Object.fromEntries(levels.map((l, k) => [l, k === index ? good : k > index ? unreachable(k + 1) : undefined]));
    const ok = await statusWith(winning);
    expect(ok.code, ok.stderr).toBe(0);
    expect((JSON.parse(ok.stdout) as { migrations: unknown[] }).migrations).toHaveLength(1);
  });

  it('says which variable an environment file needs when it has no default', async () => {
    await writeFile(join(project, 'db/environments/production.yaml'), 'database_url: ${PRODUCTION_URL}\n');
    const r = await runCli(['migrate', 'status', '--env', 'production'], { cwd: project, env: { DATABASE_URL: db.current.url } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PRODUCTION_URL');
    expect(r.stderr).toContain('db/environments/production.yaml:1:15');
    const unknown = await runCli(['migrate', 'status', '--env', 'prod'], { cwd: project });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Did you mean `production`?');
  });
});

describe('--config and --cwd', () => {
  it('loads another config file, with paths relative to its directory', async () => {
    const r = await runCli(['migrate', 'status', '--format', 'json', '--config', 'alt/settings.yaml', '--database-url', db.current.url], { cwd: project });
    expect(r.code, r.stderr).toBe(0);
    const status = JSON.parse(r.stdout) as { migrations: Array<{ file: string }> };
    // Outside the config file's directory, paths are shown absolute.
    expect(status.migrations.map((m) => m.file)).toEqual([join(project, 'db/migrations/001_add_name.up.sql')]);
    const missing = await runCli(['migrate', 'status', '--config', 'alt/nope.yaml'], { cwd: project });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml');
    expect(missing.stderr).toContain('CONFITURE_CONFIG_NOT_FOUND');
  });

  it('runs in the project given by --cwd', async () => {
    const r = await runCli(['--cwd', 'app', 'migrate', 'status', '--format', 'json', '--database-url', db.current.url], { cwd: parent });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { migrations: Array<{ name: string }> }).migrations.map((m) => m.name)).toEqual(['add_name']);
  });
});

describe('what the commands print about the database', () => {
  it('says in exactly one line that it uses the embedded database when no URL is configured, and nothing when one is', async () => {
    const embedded = await runCli(['migrate', 'status', '--format', 'json'], { cwd: project });
    expect(embedded.code, embedded.stderr).toBe(0);
    const lines = embedded.stderr.split('\n').filter((line) => line.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/embedded PostgreSQL \(PGlite\)/);
    expect(JSON.parse(embedded.stdout)).toHaveProperty('migrations');
    const server = await runCli(['migrate', 'status', '--format', 'json', '--database-url', db.current.url], { cwd: project });
    expect(server.code).toBe(0);
    expect(server.stderr).toBe('');
  }, 60_000);

  it('never prints the password of the URL it works with, in text or JSON', async () => {
    const { url, password } = urlWithPassword();
    const outputs: string[] = [];
    for (const args of [['build'], ['migrate', 'up', '--format', 'json'], ['migrate', 'status'], ['migrate', 'status', '--format', 'json'], ['migrate', 'down', '--format', 'json']]) {
      const r = await runCli([...args, '--debug'], { cwd: project, env: { CONFITURE_DATABASE_URL: url } });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(args[1] === 'down' ? 1 : 0);
      outputs.push(r.stdout, r.stderr);
    }
    const printed = outputs.join('\n');
    expect(printed).toContain(':***@');
    expect(printed).not.toContain(password);
    expect(printed).not.toContain(encodeURIComponent(password));
  });

  it('refuses a URL it cannot parse as a usage error (exit 2) without printing its password', async () => {
    const r = await runCli(['migrate', 'status', '--database-url', 'postgres://app:pa/ss-secret@127.0.0.1:99999/app'], { cwd: project });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot be parsed');
    expect(r.stderr).toContain('CONFITURE_USAGE');
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr + r.stdout).not.toContain('ss-secret');
  });
});
