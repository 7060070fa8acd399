// Benchmark of `migrate up`: 500 tiny migrations on a fresh database of the test server
// (CONFITURE_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres).
//
// Per-migration overhead = (migrateUp total - bare) / 500, where "bare" runs the same 500 SQL
// texts through the same kind of connection, one `exec` each in autocommit (each statement is its
// own implicit transaction, so both sides pay one commit per migration). The overhead therefore
// covers everything the migrator adds: reading and checksumming files, the advisory lock, the
// tracking table, BEGIN/COMMIT and the tracking row of each migration. Each side runs three times, on a
// new database each time, alternating; the best time of each is kept (the machine is shared).
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const COUNT = 500;
const ROUNDS = 3;
const sqlOf = (n) => `create table t_${n} (id int);`;

export async function run({ root, log }) {
  const core = await import(pathToFileURL(join(root, 'packages/core/dist/index.js')).href);
  const serverUrl = process.env.CONFITURE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: serverUrl });
  admin.on('error', () => {});
  await admin.connect();
  const suffix = `${process.pid}_${Date.now()}`;
  const databases = [];
  const project = mkdtempSync(join(tmpdir(), 'confiture-bench-'));
  const freshDatabase = async () => {
    const name = `confiture_bench_migrate_${suffix}_${databases.length}`;
    await admin.query(`create database "${name}"`);
    databases.push(name);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  try {
    mkdirSync(join(project, 'db/migrations'), { recursive: true });
    for (let n = 1; n <= COUNT; n++) {
      writeFileSync(join(project, 'db/migrations', `${String(n).padStart(4, '0')}_create_t_${n}.up.sql`), sqlOf(n));
    }

    const migrate = async () => {
      const connection = await core.connectPostgres(await freshDatabase());
      try {
        const result = await core.migrateUp(connection, { root: project, migrationsDir: 'db/migrations' });
        if (result.applied.length !== COUNT) throw new Error(`applied ${result.applied.length} migrations, expected ${COUNT}`);
        return result.durationMs;
      } finally {
        await connection.close();
      }
    };
    const bare = async () => {
      const connection = await core.connectPostgres(await freshDatabase());
      try {
        const t0 = performance.now();
        for (let n = 1; n <= COUNT; n++) await connection.exec(sqlOf(n));
        return performance.now() - t0;
      } finally {
        await connection.close();
      }
    };
    // The machine is shared: alternate the two runs and keep the best of each, the least disturbed.
    const totals = [];
    const bares = [];
    for (let round = 0; round < ROUNDS; round++) {
      bares.push(await bare());
      totals.push(await migrate());
    }
    const total = Math.min(...totals);
    const bareMs = Math.min(...bares);
    const overhead = (total - bareMs) / COUNT;
    log(`migrate up of ${COUNT} migrations: ${totals.map((t) => t.toFixed(0)).join(', ')} ms; the same SQL alone: ${bares.map((t) => t.toFixed(0)).join(', ')} ms (best of ${ROUNDS} kept)`);
    return [
      { name: `migrate up, ${COUNT} tiny migrations (total)`, value: total, unit: 'ms' },
      { name: 'migrate up, overhead per migration beyond its SQL', value: overhead, unit: 'ms', goal: '< 5 ms', ok: overhead < 5 },
    ];
  } finally {
    for (const name of databases) await admin.query(`drop database if exists "${name}" with (force)`).catch(() => {});
    await admin.end().catch(() => {});
    rmSync(project, { recursive: true, force: true });
  }
}
