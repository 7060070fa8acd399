import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { useTestDatabase } from '@confiture/test-utils';
import { describe, expect, it } from 'vitest';
import { connectPostgres } from '../connection/postgres.js';
import { advisoryLockKey, withAdvisoryLock } from './advisory-lock.js';
import { migrateUp } from './migrate-up.js';
import { cleanScratchesAfterAll, confitureErrorOf, scratchProject } from './test-helpers/fixtures.js';

cleanScratchesAfterAll();
const db = useTestDatabase();
const helpers = new URL('./test-helpers/', import.meta.url);

interface ChildOutcome {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `migrateUp` from the sources in a separate Node process. */
function migrateInChild(url: string, root: string): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', fileURLToPath(new URL('register-ts.mjs', helpers)), fileURLToPath(new URL('child-migrate-up.mjs', helpers)), url, root, 'db/migrations'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('migrateUp from two processes at once', () => {
  it('applies each migration exactly once; both processes finish cleanly', async () => {
    const files: Record<string, string> = {};
    for (let k = 1; k <= 6; k++) {
      // The sleeps keep the first process inside its run while the second one knocks.
      files[`db/migrations/${k}_step.up.sql`] = `create table step_${k} (id int);\nselect pg_sleep(0.05);`;
    }
    const project = scratchProject(files);
    const admin = await db.current.client();
    const key = advisoryLockKey('confiture:migrate:public.confiture_migrations').toString();
    // Hold the migrator's lock until both children are connected, so they really compete for it.
    await admin.query('select pg_advisory_lock($1::bigint)', [key]);
    const children = [migrateInChild(db.current.url, project.root), migrateInChild(db.current.url, project.root)];
    await waitFor(async () => {
      const { rows } = await admin.query(`select count(*)::int as n from pg_stat_activity where datname = $1 and application_name = 'confiture-test-child'`, [db.current.name]);
      return rows[0]?.n === 2;
    }, 'both children to connect');
    await admin.query('select pg_advisory_unlock($1::bigint)', [key]);

    const outcomes = await Promise.all(children);
    for (const outcome of outcomes) expect(outcome, outcome.stderr).toMatchObject({ exitCode: 0 });
    const applied = outcomes.map((o) => (JSON.parse(o.stdout) as { applied: string[] }).applied);
    expect(applied.flat().sort()).toEqual(['1', '2', '3', '4', '5', '6']);
    const { rows } = await admin.query('select version, count(*)::int as n from confiture_migrations group by version order by version::int');
    expect(rows).toEqual(['1', '2', '3', '4', '5', '6'].map((version) => ({ version, n: 1 })));
  }, 60_000);
});

describe('the migration lock', () => {
  it('times out with CONFITURE_LOCK_TIMEOUT naming the session that holds it, then works once released', async () => {
    const project = scratchProject({ 'db/migrations/1_a.up.sql': 'create table locked_a (id int);' });
    const holder = await db.current.client();
    await holder.query(`set application_name = 'other-deploy'`);
    await holder.query('create schema if not exists lockt');
    const { rows } = await holder.query<{ pid: number }>('select pg_backend_pid() as pid');
    const key = advisoryLockKey('confiture:migrate:lockt.confiture_migrations').toString();
    await holder.query('select pg_advisory_lock($1::bigint)', [key]);

    const connection = await connectPostgres(db.current.url);
    try {
      const options = { root: project.root, migrationsDir: 'db/migrations', trackingTable: 'lockt.confiture_migrations', lockWaitTimeoutMs: 300 };
      const error = await confitureErrorOf(migrateUp(connection, options));
      expect(error.code).toBe('CONFITURE_LOCK_TIMEOUT');
      expect(error.message).toContain(`server process ${rows[0]!.pid}`);
      expect(error.message).toContain('application "other-deploy"');
      expect(error.hint).toContain(`pg_terminate_backend(${rows[0]!.pid})`);
      expect(error.details).toMatchObject({ holders: [{ pid: rows[0]!.pid, applicationName: 'other-deploy' }] });
      const { rows: tables } = await connection.query(`select to_regclass('lockt.confiture_migrations') as t`);
      expect(tables[0]?.t).toBeNull();

      await holder.query('select pg_advisory_unlock($1::bigint)', [key]);
      expect((await migrateUp(connection, options)).applied.map((m) => m.version)).toEqual(['1']);
    } finally {
      await connection.close();
    }
  });

  it('withAdvisoryLock releases the lock when the work throws', async () => {
    const connection = await connectPostgres(db.current.url);
    const other = await db.current.client();
    try {
      await expect(
        withAdvisoryLock(connection, 'tests:release', { timeoutMs: 0 }, async () => {
          const { rows } = await other.query('select pg_try_advisory_lock($1::bigint) as ok', [advisoryLockKey('tests:release').toString()]);
          expect(rows[0]?.ok).toBe(false);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const { rows } = await other.query('select pg_try_advisory_lock($1::bigint) as ok', [advisoryLockKey('tests:release').toString()]);
      expect(rows[0]?.ok).toBe(true);
    } finally {
      await connection.close();
    }
  });
});
