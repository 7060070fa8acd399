import { mkdtemp, rm, writeFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { useTestDatabase } from '@confiture/test-utils';
import { repoRoot, runCli } from './run-cli.js';

const db = useTestDatabase('confiture_cli_basics');

describe('confiture (no project needed)', () => {
  it('prints help listing every command, exit 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['init', 'build', 'migrate', 'dry-run', 'lint', 'completion']) expect(r.stdout).toContain(cmd);
    expect(r.stdout).toContain('--database-url');
  });

  it.each([
    ['init'],
    ['build'],
    ['migrate'],
    ['migrate', 'up'],
    ['migrate', 'down'],
    ['migrate', 'status'],
    ['migrate', 'generate'],
    ['dry-run'],
    ['lint'],
    ['completion'],
  ])('has help for %s %s', async (...command) => {
    const r = await runCli([...command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`confiture ${command.join(' ')}`);
    expect(r.stdout).toMatch(/Options:/);
    expect(r.stdout).not.toContain('###-begin-confiture-completions-###');
  });

  it('rejects an unknown command with exit 2 and a suggestion', async () => {
    const r = await runCli(['migrat']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Did you mean migrate/i);
  });

  it('rejects an unknown option with exit 2 (strict parsing)', async () => {
    const r = await runCli(['migrate', 'status', '--formt', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument/i);
  });

  it('rejects a bad choice with exit 2', async () => {
    const r = await runCli(['migrate', 'status', '--format', 'yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Invalid values?/i);
  });

  it.each([
    [['migrate', 'down', '--steps', 'two'], '--steps takes a whole number of migrations to revert, 1 or more, got a value that is not a number.'],
    [['migrate', 'down', '--steps', '0'], '--steps takes a whole number of migrations to revert, 1 or more, got 0.'],
    [['migrate', 'up', '--target', 'v2'], '--target takes a migration version (the digits before the first "_" of its file name, like 20240101120000), got "v2".'],
  ])('rejects %j as a usage error (exit 2) before reaching any database', async (args, message) => {
    const r = await runCli([...args, '--database-url', 'postgres://app@127.0.0.1:1/app']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${message}\nRun 'confiture --help' for usage.\n`);
  });

  it('prints a completion script whose completions answer', async () => {
    const bash = await runCli(['completion'], { env: { SHELL: '/bin/bash' } });
    expect(bash.code).toBe(0);
    expect(bash.stdout).toContain('Installation: confiture completion >> ~/.bashrc');
    expect(bash.stdout).toContain('complete -o bashdefault -o default -F _confiture_yargs_completions confiture');
    const zsh = await runCli(['completion'], { env: { SHELL: '/usr/bin/zsh' } });
    expect(zsh.stdout).toMatch(/^#compdef confiture/);
    // What the script asks the binary when the user presses tab after `confiture migrate `.
    const answers = await runCli(['--get-yargs-completions', 'confiture', 'migrate', '']);
    expect(answers.code).toBe(0);
    expect(answers.stdout.split('\n')).toEqual(expect.arrayContaining(['up', 'down', 'status', 'generate']));
  });

  it('prints from the bundled binary the same help as the unbundled build', async () => {
    const unbundled = await new Promise<string>((resolve, reject) => {
      const script = `import(${JSON.stringify(join(repoRoot, 'packages/cli/dist/main.js'))}).then((cli) => cli.run(['--help']))`;
      execFile(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, NO_COLOR: '1' } }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    });
    const bundled = await runCli(['--help']);
    expect(bundled.stdout).toBe(unbundled);
  });

  it('prints the version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('confiture init', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'confiture-init-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('scaffolds a project that the other commands accept', async () => {
    const r = await runCli(['init'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'confiture.yaml'))).toBe(true);
    const migrations = await readdir(join(dir, 'db', 'migrations'));
    expect(migrations.some((f) => f.endsWith('.up.sql'))).toBe(true);
    const status = await runCli(['migrate', 'status', '--format', 'json'], { cwd: dir });
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as { migrations: Array<{ applied: boolean }> };
    expect(parsed.migrations.length).toBeGreaterThan(0);
    expect(parsed.migrations.every((m) => m.applied === false)).toBe(true);
  });

  it('lists what it created as JSON with --format json', async () => {
    const target = join(dir, 'json-project');
    const r = await runCli(['init', 'json-project', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { root: string; files: Array<{ path: string; action: string }> };
    expect(result.root).toBe(target);
    expect(result.files.map((f) => f.path)).toContain('confiture.yaml');
    expect(result.files.every((f) => f.action === 'created' && existsSync(join(target, f.path)))).toBe(true);
  });

  it('refuses to overwrite an existing project (exit 2) unless --force', async () => {
    const again = await runCli(['init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--force/);
    const forced = await runCli(['init', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
  });
});

describe('configuration errors exit 2 with a location', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'confiture-badconf-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names file, line and the closest key for a typo', async () => {
    await writeFile(join(dir, 'confiture.yaml'), 'schema_dirs:\n  - db/schema\nmigratons_dir: db/migrations\n');
    const r = await runCli(['migrate', 'status'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('confiture.yaml:3');
    expect(r.stderr).toContain('migrations_dir');
  });

  it('reports malformed YAML with its position', async () => {
    await writeFile(join(dir, 'confiture.yaml'), 'schema_dirs: [db/schema\nmigrations_dir: x\n');
    const r = await runCli(['build'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/confiture\.yaml:\d+:\d+/);
  });

  it('says how to start when there is no confiture.yaml', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'confiture-empty-'));
    try {
      const r = await runCli(['migrate', 'status'], { cwd: empty });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/confiture init/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('says which directory is missing and how to fix it, and leaves the database as it was', async () => {
    await writeFile(join(dir, 'confiture.yaml'), 'schema_dirs: [db/tables]\n');
    const r = await runCli(['build', '--database-url', db.current.url], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/directory db\/tables does not exist/);
    expect(r.stderr).toContain('mkdir -p db/tables');
    expect(r.stderr).toMatch(/CONFITURE_DIRECTORY_MISSING/);
    await writeFile(join(dir, 'confiture.yaml'), 'migrations_dir: db/changes\n');
    const up = await runCli(['migrate', 'up', '--database-url', db.current.url], { cwd: dir });
    expect(up.code).toBe(2);
    expect(up.stderr).toContain('db/changes');
    const client = await db.current.client();
    const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'`);
    expect(rows[0]?.n).toBe(0);
  });

  it('prints the error as JSON too with --format json', async () => {
    await writeFile(join(dir, 'confiture.yaml'), 'tracking_table: 42\n');
    const r = await runCli(['migrate', 'status', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    const parsed = JSON.parse(r.stdout) as { error: { code: string } };
    expect(parsed.error.code).toBe('CONFITURE_CONFIG_INVALID');
  });

  it('shows the stack only with --debug', async () => {
    await writeFile(join(dir, 'confiture.yaml'), 'tracking_table: 42\n');
    const plain = await runCli(['migrate', 'status'], { cwd: dir });
    expect(plain.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
    const debug = await runCli(['migrate', 'status', '--debug'], { cwd: dir });
    expect(debug.stderr).toMatch(/at .*\.js:\d+/);
  });
});
