import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useTestDatabase } from '@confiture/test-utils';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrator.js';

const db = useTestDatabase('confiture_example');
const migrations = fileURLToPath(new URL('../migrations/', import.meta.url));
let client: pg.Client;

async function withExtra(name: string, sql: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'confiture-embed-'));
  await cp(migrations, dir, { recursive: true });
  await writeFile(join(dir, name), sql);
  return dir;
}

async function applied(): Promise<string[]> {
  return (await client.query<{ name: string }>('select name from schema_migrations order by name')).rows.map((r) => r.name);
}

beforeAll(async () => {
  client = await db.current.client();
});

describe('a node-postgres migration runner gated by the dry-run', () => {
  it('applies safe pending migrations after a clean dry-run', async () => {
    const result = await migrate(client, { directory: migrations });
    expect(result.status).toBe('applied');
    if (result.status !== 'applied') return;
    expect(result.applied).toEqual(['001_create_accounts.sql', '002_add_display_name.sql']);
    expect(result.report.summary).toMatchObject({ failed: 0, risk: 'low' });
    expect(result.report.verification?.identical).toBe(true);
    expect(await applied()).toEqual(['001_create_accounts.sql', '002_add_display_name.sql']);
    expect(await migrate(client, { directory: migrations })).toEqual({ status: 'up-to-date' });
  });

  it('blocks a migration that would lock a production-sized table, and applies nothing', async () => {
    await client.query(`insert into accounts (email) select 'a' || g || '@example.com' from generate_series(1, 100) g`);
    const dir = await withExtra('003_index_and_retype.sql', 'create index accounts_created on accounts (created_at);\nalter table accounts alter column email type varchar(320);\n');
    const result = await migrate(client, { directory: dir, dryRun: { tableSizes: { 'public.accounts': { rows: 20_000_000 } } } });
    expect(result.status).toBe('blocked');
    if (result.status !== 'blocked') return;
    expect(['high', 'critical']).toContain(result.report.summary.risk);
    expect(result.report.statements[0]?.locks?.[0]).toMatchObject({ relation: 'public.accounts', mode: 'ShareLock' });
    expect(await applied()).toEqual(['001_create_accounts.sql', '002_add_display_name.sql']);
    const { rows } = await client.query(`select count(*)::int as n from pg_indexes where indexname = 'accounts_created'`);
    expect(rows[0].n).toBe(0);
  });

  it('blocks an index build when the size of the production table is not given', async () => {
    // 100 rows here say nothing about production: the table is judged as a large one.
    const dir = await withExtra('003_index.sql', `set local lock_timeout = '2s';\ncreate index accounts_created on accounts (created_at);\n`);
    const result = await migrate(client, { directory: dir });
    expect(result.status).toBe('blocked');
    if (result.status !== 'blocked') return;
    expect(result.report.statements[1]?.risk.factors[0]).toMatchObject({ level: 'high', hazard: 'non-concurrent-index' });
    expect(await applied()).not.toContain('003_index.sql');
  });

  it('lets the same migration through when production says the table is small', async () => {
    const dir = await withExtra('003_index.sql', `set local lock_timeout = '2s';\ncreate index accounts_created on accounts (created_at);\n`);
    const result = await migrate(client, { directory: dir, dryRun: { tableSizes: { 'public.accounts': { rows: 5_000 } } } });
    expect(result.status).toBe('applied');
    expect(await applied()).toContain('003_index.sql');
  });

  it('blocks a migration that fails, pointing at the statement', async () => {
    const dir = await withExtra('004_broken.sql', `\nupdate accounts set nickname = 'x';\n`);
    const result = await migrate(client, { directory: dir });
    expect(result.status).toBe('blocked');
    if (result.status !== 'blocked') return;
    expect(result.report.statements[0]?.error).toMatchObject({ code: '42703', location: { file: '004_broken.sql', line: 2, column: 21 } });
  });
});
