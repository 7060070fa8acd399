// Executed dry-run of a 200-statement migration on a populated database (20 tables x 50k rows)
// against applying the same migration for real on an identical copy (CREATE DATABASE ...
// TEMPLATE), as a ratio. Also runs the static engineer's throughput benchmark (static.mjs).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const TABLES = 20;
const ROWS = 50_000;

function serverUrl(database) {
  const url = new URL(process.env.CONFITURE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${database}`;
  return url.toString();
}

/** The migration: per table, the usual mix of ADD COLUMN, batched UPDATEs, CREATE INDEX, constraints. */
export function migrationSql() {
  const lines = [];
  for (let t = 0; t < TABLES; t++) {
    const name = `bench_${String(t).padStart(2, '0')}`;
    lines.push(
      `alter table ${name} add column e int`,
      `update ${name} set e = a where id <= ${ROWS / 2}`,
      `update ${name} set e = a where id > ${ROWS / 2}`,
      `create index ${name}_a_idx on ${name} (a)`,
      `alter table ${name} add constraint ${name}_a_chk check (a >= 0) not valid`,
      `alter table ${name} validate constraint ${name}_a_chk`,
      `alter table ${name} add column f text not null default 'x'`,
      `create index ${name}_c_idx on ${name} (c)`,
      `alter table ${name} alter column e set default 0`,
      `update ${name} set b = b || '!' where id % 100 = 0`,
    );
  }
  return `${lines.join(';\n')};\n`;
}

async function withClient(pg, url, fn) {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function warm(client) {
  for (let t = 0; t < TABLES; t++) await client.query(`select count(*) from bench_${String(t).padStart(2, '0')}`);
}

export async function run({ root, log }) {
  const figures = [];
  const staticBench = join(root, 'packages', 'dry-run', 'bench', 'static.mjs');
  if (existsSync(staticBench)) {
    const { runStatic } = await import(pathToFileURL(staticBench).href);
    figures.push(...(await runStatic({ root, log })));
  }
  figures.push(...(await runExecuted({ root, log })));
  return figures;
}

/** The executed part alone: dry-run against a real apply of the same migration. */
export async function runExecuted({ root, log }) {
  const require = createRequire(join(root, 'packages', 'dry-run', 'package.json'));
  const pg = require('pg');
  const figures = [];
  const { dryRun } = await import(pathToFileURL(join(root, 'packages', 'dry-run', 'dist', 'index.js')).href);
  const suffix = Math.random().toString(36).slice(2, 8);
  const source = `confiture_bench_dry_${suffix}`;
  const copy = `confiture_bench_apply_${suffix}`;
  const admin = serverUrl('postgres');
  try {
    await withClient(pg, admin, (c) => c.query(`create database ${source}`));
    const started = process.hrtime.bigint();
    await withClient(pg, serverUrl(source), async (c) => {
      for (let t = 0; t < TABLES; t++) {
        const name = `bench_${String(t).padStart(2, '0')}`;
        await c.query(`create table ${name} (id bigserial primary key, a int not null, b text not null, c timestamptz not null, d numeric(12,2))`);
        await c.query(
          `insert into ${name} (a, b, c, d) select g % 1000, md5(g::text), now() - g * interval '1 minute', g / 7.0 from generate_series(1, ${ROWS}) g`,
        );
      }
      await c.query('vacuum analyze');
    });
    log(`populated ${TABLES} tables x ${ROWS} rows in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
    await withClient(pg, admin, (c) => c.query(`create database ${copy} template ${source}`));

    const sql = migrationSql();
    const statements = sql.split(';\n').filter((s) => s.trim().length > 0);

    // Apply for real on the copy: one migration transaction, statement by statement like the dry-run.
    const applyMs = await withClient(pg, serverUrl(copy), async (c) => {
      await warm(c);
      const start = process.hrtime.bigint();
      await c.query('begin');
      for (const statement of statements) await c.query(statement);
      await c.query('commit');
      return Number(process.hrtime.bigint() - start) / 1e6;
    });

    const { dryMs, report } = await withClient(pg, serverUrl(source), async (c) => {
      await warm(c);
      const start = process.hrtime.bigint();
      const result = await dryRun(c, [{ file: 'bench.sql', sql }], { handleSignals: false });
      return { dryMs: Number(process.hrtime.bigint() - start) / 1e6, report: result };
    });
    if (report.summary.failed > 0) throw new Error(`the benchmark migration failed in the dry-run: ${report.summary.reasons.join('; ')}`);
    log(`${statements.length} statements; executed ${report.summary.executed}; statements alone took ${report.summary.durationMs.toFixed(0)} ms in the dry-run`);
    const ratio = dryMs / applyMs;
    figures.push(
      { name: `apply for real (${statements.length} statements, ${TABLES}x${ROWS / 1000}k rows)`, value: applyMs, unit: 'ms' },
      { name: 'executed dry-run, same migration', value: dryMs, unit: 'ms' },
      { name: 'dry-run / apply', value: ratio, unit: 'x', goal: '<= 1.5x', ok: ratio <= 1.5 },
    );
  } finally {
    await withClient(pg, admin, async (c) => {
      await c.query(`drop database if exists ${source} with (force)`);
      await c.query(`drop database if exists ${copy} with (force)`);
    });
  }
  return figures;
}
