import { advisoryLockKey } from '@confiture/core';
import { useTestDatabase } from '@confiture/test-utils';
import { appendFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, runCli } from './run-cli.js';

interface StatusJson {
  migrations: Array<{ version: string; name: string; applied: boolean; appliedAt: string | null; checksum: string }>;
}

describe('examples/basic on the embedded database', () => {
  let example: Awaited<ReturnType<typeof copyExample>>;
  beforeAll(async () => {
    example = await copyExample();
  });
  afterAll(async () => {
    await example.cleanup();
  });

  it('builds, migrates up and down, and reports status', async () => {
    const build = await runCli(['build'], { cwd: example.dir });
    expect(build.stderr).toMatch(/embedded PostgreSQL/);
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/Built \d+ schema file/);

    const up = await runCli(['migrate', 'up'], { cwd: example.dir });
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/Applied 4 migration/);

    const status = await runCli(['migrate', 'status', '--format', 'json'], { cwd: example.dir });
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as StatusJson;
    expect(parsed.migrations).toHaveLength(4);
    for (const m of parsed.migrations) {
      expect(m.applied).toBe(true);
      expect(m.appliedAt).toEqual(expect.any(String));
      expect(m.checksum).toMatch(/^[0-9a-f]{64}$/);
    }

    const again = await runCli(['migrate', 'up'], { cwd: example.dir });
    expect(again.stdout).toMatch(/up to date/i);

    const down = await runCli(['migrate', 'down', '--steps', '2'], { cwd: example.dir });
    expect(down.code).toBe(0);
    const after = JSON.parse((await runCli(['migrate', 'status', '--format', 'json'], { cwd: example.dir })).stdout) as StatusJson;
    expect(after.migrations.map((m) => m.applied)).toEqual([true, true, false, false]);

    const text = await runCli(['migrate', 'status'], { cwd: example.dir });
    expect(text.stdout).toMatch(/2 applied, 2 pending/);
    // Each command starts the embedded PostgreSQL from its data directory (seconds each).
  }, 240_000);

  it('generates a migration pair', async () => {
    const r = await runCli(['migrate', 'generate', 'Add coupons table'], { cwd: example.dir });
    expect(r.code).toBe(0);
    const files = await readdir(join(example.dir, 'db', 'migrations'));
    expect(files.filter((f) => f.includes('add_coupons_table'))).toHaveLength(2);
  });
});

describe('migrations on a real server', () => {
  const db = useTestDatabase('confiture_cli');
  let project: string;

  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'confiture-cli-server-'));
    await mkdir(join(project, 'db', 'schema'), { recursive: true });
    await mkdir(join(project, 'db', 'migrations'), { recursive: true });
    await writeFile(join(project, 'confiture.yaml'), 'migrations_dir: db/migrations\n');
    await writeFile(join(project, 'db', 'schema', 'base.sql'), 'create table widgets (id int primary key);\n');
    await writeFile(join(project, 'db', 'migrations', '001_add_name.up.sql'), 'alter table widgets add column name text;\n');
    await writeFile(join(project, 'db', 'migrations', '002_broken.up.sql'), 'create table gadgets (id int);\ninsert into nowhere values (1);\n');
  });
  afterAll(async () => {
    await rm(project, { recursive: true, force: true });
  });

  it('builds, applies until a failure, rolls the failing migration back and exits 1', async () => {
    const url = db.current.url;
    expect((await runCli(['build', '--database-url', url], { cwd: project })).code).toBe(0);
    const up = await runCli(['migrate', 'up'], { cwd: project, env: { CONFITURE_DATABASE_URL: url } });
    expect(up.code).toBe(1);
    expect(up.stderr).toContain('002_broken.up.sql:2:13');
    expect(up.stderr).toMatch(/relation "nowhere" does not exist/);
    const client = await db.current.client();
    const { rows } = await client.query<{ version: string }>('select version from confiture_migrations order by version');
    expect(rows.map((r) => r.version)).toEqual(['001']);
    const gadgets = await client.query(`select to_regclass('public.gadgets') as t`);
    expect(gadgets.rows[0]?.t).toBeNull();
  });

  it('refuses a changed applied migration (drift) unless --allow-drift', async () => {
    const url = db.current.url;
    await writeFile(join(project, 'db', 'migrations', '002_broken.up.sql'), 'create table gadgets (id int);\n');
    await appendFile(join(project, 'db', 'migrations', '001_add_name.up.sql'), '-- edited after it was applied\n');
    const refused = await runCli(['migrate', 'up', '--database-url', url], { cwd: project });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/001/);
    expect(refused.stderr).toMatch(/--allow-drift/);
    const allowed = await runCli(['migrate', 'up', '--allow-drift', '--format', 'json', '--database-url', url], { cwd: project });
    expect(allowed.code).toBe(0);
    const result = JSON.parse(allowed.stdout) as { applied: Array<{ version: string }> };
    expect(result.applied.map((m) => m.version)).toEqual(['002']);
  });

  it('reports a syntax error with file:line:column and applies nothing', async () => {
    const url = db.current.url;
    await writeFile(join(project, 'db', 'migrations', '003_typo.up.sql'), '-- a typo on line 2\ncreate tabel oops (id int);\n');
    const r = await runCli(['migrate', 'up', '--allow-drift', '--database-url', url], { cwd: project });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('003_typo.up.sql:2:8');
    const client = await db.current.client();
    const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from confiture_migrations where version = '003'`);
    expect(rows[0]?.n).toBe(0);
  });

  it('names host and port of an unreachable database and never prints the password (exit 2)', async () => {
    const r = await runCli(['migrate', 'status', '--database-url', 'postgres://app:hunter2secret@127.0.0.1:1/app'], { cwd: project });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('127.0.0.1:1');
    expect(r.stderr + r.stdout).not.toContain('hunter2secret');
  });
});

describe('migrate up --target, down --steps, generate and concurrent runs through the binary', () => {
  const db = useTestDatabase('confiture_cli_steps');
  let project: string;
  const run = (args: string[]) => runCli([...args, '--database-url', db.current.url], { cwd: project });
  const appliedVersions = async (): Promise<string[]> => {
    const status = await run(['migrate', 'status', '--format', 'json']);
    expect(status.code, status.stderr).toBe(0);
    return (JSON.parse(status.stdout) as StatusJson).migrations.filter((m) => m.applied).map((m) => m.version);
  };

  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'confiture-cli-steps-'));
    await mkdir(join(project, 'db', 'migrations'), { recursive: true });
    await writeFile(join(project, 'confiture.yaml'), 'tracking_table: ops.schema_history\n');
    for (const n of [1, 2, 3, 4]) {
      // The sleep keeps a run inside its lock long enough for a concurrent run to knock.
      await writeFile(join(project, 'db', 'migrations', `00${n}_t${n}.up.sql`), `create table t${n} (id int);\nselect pg_sleep(0.05);\n`);
      await writeFile(join(project, 'db', 'migrations', `00${n}_t${n}.down.sql`), `drop table t${n};\n`);
    }
  });
  afterAll(async () => {
    await rm(project, { recursive: true, force: true });
  });

  it('applies up to --target, reverts --steps, and rejects an unknown target with exit 2', async () => {
    const unknown = await run(['migrate', 'up', '--target', '999']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('CONFITURE_MIGRATION_NOT_FOUND');
    const up = await run(['migrate', 'up', '--target', '003', '--format', 'json']);
    expect(up.code, up.stderr).toBe(0);
    expect(JSON.parse(up.stdout)).toMatchObject({ applied: [{ version: '001' }, { version: '002' }, { version: '003' }], remaining: [{ version: '004' }] });
    const down = await run(['migrate', 'down', '--steps', '2']);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toMatch(/Reverted 2 migration\(s\); 1 still applied/);
    expect(await appliedVersions()).toEqual(['001']);
    const badSteps = await run(['migrate', 'down', '--steps', '0']);
    expect(badSteps.code).toBe(2);
    const client = await db.current.client();
    const { rows } = await client.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public' order by 1`);
    expect(rows.map((r) => r.name)).toEqual(['t1']);
    expect((await run(['migrate', 'down'])).code).toBe(0);
    expect(await appliedVersions()).toEqual([]);
  });

  it('lets two concurrent `confiture migrate up` processes apply each migration exactly once', async () => {
    // Hold the migrator's lock until both processes are connected, so they really compete for it.
    const admin = await db.current.client();
    const key = advisoryLockKey('confiture:migrate:ops.schema_history').toString();
    await admin.query('select pg_advisory_lock($1::bigint)', [key]);
    const runs = Promise.all([run(['migrate', 'up', '--format', 'json']), run(['migrate', 'up', '--format', 'json'])]);
    for (let attempt = 0; ; attempt++) {
      const { rows } = await admin.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = $1 and application_name = 'confiture'`, [db.current.name]);
      if (rows[0]?.n === 2) break;
      if (attempt > 600) throw new Error('the two confiture processes did not connect');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await admin.query('select pg_advisory_unlock($1::bigint)', [key]);
    const [a, b] = await runs;
    for (const r of [a!, b!]) expect(r.code, r.stderr).toBe(0);
    const applied = [a!, b!].flatMap((r) => (JSON.parse(r.stdout) as { applied: Array<{ version: string }> }).applied.map((m) => m.version));
    expect(applied.sort()).toEqual(['001', '002', '003', '004']);
    const client = await db.current.client();
    const { rows } = await client.query<{ version: string; n: number }>('select version, count(*)::int as n from ops.schema_history group by version order by version');
    expect(rows).toEqual(['001', '002', '003', '004'].map((version) => ({ version, n: 1 })));
  });

  it('generates a migration pair and prints the files as JSON', async () => {
    const r = await run(['migrate', 'generate', 'add widgets', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const created = JSON.parse(r.stdout) as { version: string; name: string; up: string; down: string };
    expect(created).toMatchObject({ name: 'add_widgets', up: `db/migrations/${created.version}_add_widgets.up.sql`, down: `db/migrations/${created.version}_add_widgets.down.sql` });
    expect((await readdir(join(project, 'db', 'migrations'))).filter((f) => f.includes('add_widgets')).sort()).toEqual([`${created.version}_add_widgets.down.sql`, `${created.version}_add_widgets.up.sql`]);
  });
});
