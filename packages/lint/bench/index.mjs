// Lint benchmark: a generated schema of 10,000 tables (and 1,000 for comparison) on the server, and
// a 1,000-table db/schema on the embedded database. Creating the schemas is timed but is not a
// figure; the figures are lint time (loadSnapshot + lint) and the number of catalog queries, which
// must be the same whatever the number of tables.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const SERVER_URL = process.env.CONFITURE_BENCH_DATABASE_URL ?? process.env.CONFITURE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BATCH = 500;

const name = (i) => `t${String(i).padStart(5, '0')}`;

/**
 * DDL of `count` tables in `schema`: each references the previous one (a chain of foreign keys),
 * half of the foreign keys are indexed, every tenth table has a prefix-redundant index.
 */
function tableDdl(schema, i) {
  const t = name(i);
  const parent = i === 0 ? '' : `, parent_id bigint references ${schema}.${name(i - 1)} (id)`;
  const lines = [`create table ${schema}.${t} (id bigint generated always as identity primary key${parent}, name text not null, email text, created_at timestamptz not null default now());`];
  if (i > 0 && i % 2 === 0) lines.push(`create index ${t}_parent_id_idx on ${schema}.${t} (parent_id);`);
  if (i % 10 === 0) lines.push(`create index ${t}_name_idx on ${schema}.${t} (name);`, `create index ${t}_name_created_idx on ${schema}.${t} (name, created_at);`);
  return lines.join('\n');
}

function batches(schema, count) {
  const out = [];
  for (let start = 0; start < count; start += BATCH) {
    const parts = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) parts.push(tableDdl(schema, i));
    out.push(parts.join('\n'));
  }
  return out;
}

function counting(queryable) {
  const wrapper = {
    count: 0,
    query(text, params) {
      wrapper.count++;
      return queryable.query(text, params);
    },
  };
  return wrapper;
}

const seconds = (ms) => Math.round(ms) / 1000;

async function serverFigures(api, log) {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  const database = `confiture_lint_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database "${database}"`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  try {
    await client.connect();
    let started = performance.now();
    await client.query('create schema small; create schema big;');
    for (const sql of batches('small', 1_000)) await client.query(sql);
    for (const sql of batches('big', 10_000)) await client.query(sql);
    await client.query('analyze');
    log(`created 11,000 tables on the server in ${seconds(performance.now() - started)} s (not a figure)`);

    const run = async (schema) => {
      const counter = counting(client);
      const t0 = performance.now();
      const result = await api.lint(counter, { schemas: { include: [schema] } });
      return { ms: performance.now() - t0, queries: counter.count, result };
    };
    // Right after creating 11,000 tables the server is still busy (checkpoint, autovacuum of the
    // catalogs): settle it, warm up once, then take the median of three runs.
    await client.query('checkpoint');
    await run('big');
    const median = async (schema) => {
      const runs = [await run(schema), await run(schema), await run(schema)].sort((a, b) => a.ms - b.ms);
      return runs[1];
    };
    const small = await median('small');
    const big = await median('big');
    log(`10,000 tables: ${big.result.summary.errors} errors, ${big.result.summary.warnings} warnings, ${big.result.summary.infos} infos, ${big.result.skipped.length} skipped rules`);
    started = performance.now();
    const snapshot = await api.loadSnapshot(client, { schemas: { include: ['big'] } });
    const loadMs = performance.now() - started;
    started = performance.now();
    await api.lint(snapshot);
    const rulesMs = performance.now() - started;
    return [
      { name: 'lint 10,000 tables on the server (loadSnapshot + lint, median of 3)', value: big.ms / 1000, unit: 's', goal: '< 3 s', ok: big.ms < 3000 },
      { name: '  of which loadSnapshot (one run)', value: loadMs / 1000, unit: 's' },
      { name: '  of which the rules (one run)', value: rulesMs / 1000, unit: 's' },
      { name: 'catalog queries, 10,000 tables', value: big.queries, unit: 'queries', goal: `same as 1,000 tables (${small.queries})`, ok: big.queries === small.queries },
      { name: 'catalog queries, 1,000 tables', value: small.queries, unit: 'queries' },
      { name: 'lint 1,000 tables on the server (median of 3)', value: small.ms / 1000, unit: 's' },
    ];
  } finally {
    await client.end().catch(() => {});
    await admin.query(`drop database if exists "${database}" with (force)`).catch(() => {});
    await admin.end().catch(() => {});
  }
}

async function embeddedFigures(api, core, log) {
  const root = await mkdtemp(join(tmpdir(), 'confiture-lint-bench-'));
  try {
    const dir = join(root, 'db', 'schema');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, '000_schema.sql'), 'create schema app;\n');
    for (let file = 0; file < 10; file++) {
      const parts = [];
      for (let i = file * 100; i < (file + 1) * 100; i++) parts.push(tableDdl('app', i));
      await writeFile(join(dir, `${String(file + 1).padStart(3, '0')}_tables.sql`), `${parts.join('\n')}\n`);
    }
    const connection = await core.openEmbedded();
    try {
      let started = performance.now();
      await core.buildSchema(connection, { root, schemaDirs: ['db/schema'] });
      const buildMs = performance.now() - started;
      started = performance.now();
      const listed = await core.listSchemaFiles({ root, schemaDirs: ['db/schema'] });
      const files = await Promise.all(listed.map(async (f) => ({ path: f.path, text: await readFile(f.absolutePath, 'utf8') })));
      const result = await api.lint(connection, {}, { files, source: 'embedded' });
      const lintMs = performance.now() - started;
      const located = result.findings.filter((f) => f.location).length;
      log(`embedded, 1,000 tables: ${result.findings.length} findings, ${located} with a file:line`);
      return [
        { name: 'embedded: build a 1,000-table db/schema', value: buildMs / 1000, unit: 's' },
        { name: 'embedded: lint 1,000 tables from files (snapshot + locations + rules)', value: lintMs / 1000, unit: 's' },
      ];
    } finally {
      await connection.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Runs the lint benchmark; see the header comment. */
export async function run({ root, log }) {
  const api = await import(pathToFileURL(join(root, 'packages/lint/dist/index.js')).href);
  const core = await import(pathToFileURL(join(root, 'packages/core/dist/index.js')).href);
  return [...(await serverFigures(api, log)), ...(await embeddedFigures(api, core, log))];
}
