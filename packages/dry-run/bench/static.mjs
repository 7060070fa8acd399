// Static analysis throughput. A generated, deterministic migration text of 100,000 statements in
// the proportions of a long migration history (ALTER TABLE variants, CREATE INDEX, comments,
// grants, ownership, seed INSERTs, backfill UPDATEs, some CREATE TABLE, views, functions and DO
// blocks) is parsed bare with libpg-query, then split + classified + analyzed (lock prediction,
// rewrites, scans, hazards) without a catalog and with an in-memory catalog of the 600 tables it
// touches. Reported as statements/s and as a ratio to bare parsing (best of three runs each).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// Each measured run starts from a collected heap, so that one run does not pay for the garbage
// of the previous one (the runner starts node without --expose-gc).
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc');

const STATEMENTS = 100_000;
const TABLES = 600;

// mulberry32: the same text on every run.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const table = (i) => `app.t${String(i).padStart(3, '0')}`;

/** The benchmark migration text and its statement count. */
export function generateMigration(count = STATEMENTS) {
  const rnd = random(42);
  const pick = (n) => Math.floor(rnd() * n);
  const out = ["SET lock_timeout = '5s';"];
  let created = 0;
  // Proportions of a long migration history / schema dump: many small DDL statements (indexes,
  // constraints, comments, grants, ownership), seed data and backfills, a few tables, views,
  // functions and DO blocks.
  while (out.length < count) {
    const t = table(pick(TABLES));
    const u = table(pick(TABLES));
    const short = t.slice(4);
    const n = out.length;
    const r = rnd();
    if (r < 0.04) {
      created++;
      out.push(
        `CREATE TABLE app.new_${created} (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  owner_id bigint NOT NULL REFERENCES ${t} (id),\n  title text NOT NULL,\n  status varchar(20) DEFAULT 'new',\n  created_at timestamptz NOT NULL DEFAULT now()\n);`,
      );
    } else if (r < 0.09) out.push(`ALTER TABLE ${t} ADD COLUMN c${n} integer;`);
    else if (r < 0.12) out.push(`ALTER TABLE ${t} ADD COLUMN c${n} text NOT NULL DEFAULT 'x';`);
    else if (r < 0.14) out.push(`ALTER TABLE ${t} ADD COLUMN c${n} uuid DEFAULT gen_random_uuid();`);
    else if (r < 0.155) out.push(`ALTER TABLE ${t} ALTER COLUMN b SET NOT NULL;`);
    else if (r < 0.17) out.push(`ALTER TABLE ${t} ALTER COLUMN d TYPE numeric(14,2);`);
    else if (r < 0.18) out.push(`ALTER TABLE ${t} ALTER COLUMN c SET DEFAULT now();`);
    else if (r < 0.2) out.push(`ALTER TABLE ${t} ADD CONSTRAINT ${short}_c${n} CHECK (a >= 0) NOT VALID;`);
    else if (r < 0.21) out.push(`ALTER TABLE ${t} VALIDATE CONSTRAINT ${short}_a_check;`);
    else if (r < 0.24) out.push(`ALTER TABLE ONLY ${t} ADD CONSTRAINT ${short}_fk${n} FOREIGN KEY (ref_id) REFERENCES ${u} (id);`);
    else if (r < 0.30) out.push(`CREATE INDEX ix_${n} ON ${t} USING btree (a);`);
    else if (r < 0.36) out.push(`CREATE INDEX CONCURRENTLY ix_${n} ON ${t} (b, c) WHERE d > 0;`);
    else if (r < 0.46) out.push(`COMMENT ON COLUMN ${t}.b IS 'documented in migration ${n}';`);
    else if (r < 0.54) out.push(`GRANT SELECT, INSERT, UPDATE ON TABLE ${t} TO app_user;`);
    else if (r < 0.60) out.push(`ALTER TABLE ${t} OWNER TO app_owner;`);
    else if (r < 0.75) out.push(`INSERT INTO ${t} (a, b, c, d) VALUES (${n}, 'name ${n}', '2024-01-01', ${n}.5);`);
    else if (r < 0.85) out.push(`UPDATE ${t} SET d = 0 WHERE id BETWEEN ${n} AND ${n + 1000} AND d IS NULL;`);
    else if (r < 0.88) out.push(`DELETE FROM ${t} WHERE id = ${n};`);
    else if (r < 0.91) out.push(`SELECT count(*) FROM ${t} WHERE b IS NULL;`);
    else if (r < 0.93) out.push(`CREATE OR REPLACE VIEW app.v_${n} AS SELECT id, a, b FROM ${t} WHERE d IS NOT NULL;`);
    else if (r < 0.96) {
      out.push(`CREATE OR REPLACE FUNCTION app.f_${n}(x integer) RETURNS integer LANGUAGE plpgsql AS $fn$\nBEGIN\n  RETURN x + ${n};\nEND\n$fn$;`);
    } else if (r < 0.97) {
      out.push(`DO $do$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_user') THEN\n    CREATE ROLE app_user;\n  END IF;\nEND\n$do$;`);
    } else if (r < 0.98) out.push(`ALTER TABLE ${t} RENAME COLUMN c TO c_${n};`);
    else if (r < 0.99) out.push(`ANALYZE ${t};`);
    else out.push(`DROP INDEX IF EXISTS app.ix_${Math.max(0, n - 100)};`);
  }
  return { sql: `${out.join('\n')}\n`, statements: out.length };
}

/** A catalog snapshot of the tables the migration touches, as loadCatalog would read it. */
function snapshot() {
  const relations = [];
  const constraints = [];
  const column = (name, type, typeName, typmod, notNull) => ({ name, type, typeName, typeSchema: 'pg_catalog', typmod, notNull, default: null, identity: null, generated: null, sequence: null });
  const base = { rowEstimate: 100_000, sizeBytes: 64 * 1024 * 1024, persistence: 'p', tablespace: null, parents: [], isPartition: false, defaultPartition: null, partitionKey: [], index: null, ownedBy: null, foreignDataWrapper: null, triggers: [], createdInRun: false };
  for (let i = 0; i < TABLES; i++) {
    const name = table(i).slice(4);
    relations.push({
      ...base,
      schema: 'app',
      name,
      kind: 'r',
      oid: 20000 + i,
      filenode: 20000 + i,
      columns: [
        column('id', 'bigint', 'int8', -1, true),
        column('a', 'integer', 'int4', -1, true),
        column('b', 'character varying(100)', 'varchar', 104, false),
        column('c', 'timestamp with time zone', 'timestamptz', -1, false),
        column('d', 'numeric(12,2)', 'numeric', ((12 << 16) | 2) + 4, false),
        column('ref_id', 'bigint', 'int8', -1, false),
      ],
    });
    relations.push({ ...base, schema: 'app', name: `${name}_pkey`, kind: 'i', table: table(i), oid: 30000 + i, filenode: 30000 + i, columns: [], index: { definition: `CREATE UNIQUE INDEX ${name}_pkey ON ${table(i)} USING btree (id)`, valid: true, unique: true, primary: true, columns: ['id'] } });
    constraints.push({ table: table(i), name: `${name}_pkey`, type: 'p', columns: ['id'], validated: true, definition: 'PRIMARY KEY (id)', referencedTable: null, referencedColumns: [], onDelete: null, onUpdate: null, index: `app.${name}_pkey`, createdInRun: false });
    constraints.push({ table: table(i), name: `${name}_a_check`, type: 'c', columns: ['a'], validated: false, definition: 'CHECK ((a >= 0)) NOT VALID', referencedTable: null, referencedColumns: [], onDelete: null, onUpdate: null, index: null, createdInRun: false });
    if (i > 0) {
      constraints.push({ table: table(i), name: `${name}_ref_fk`, type: 'f', columns: ['ref_id'], validated: true, definition: `FOREIGN KEY (ref_id) REFERENCES ${table(i - 1)}(id)`, referencedTable: table(i - 1), referencedColumns: ['id'], onDelete: 'a', onUpdate: 'a', index: null, createdInRun: false });
    }
  }
  const fn = (name, volatility, argCount = 0) => ({ schema: 'pg_catalog', name, kind: 'f', argCount, defaultCount: 0, variadic: false, volatility, language: 'internal', transactionControl: null, createdInRun: false });
  return {
    serverVersion: 150000,
    searchPath: ['pg_catalog', 'public'],
    currentUser: 'postgres',
    timeZone: 'UTC',
    schemas: ['app', 'public'],
    relations,
    constraints,
    functions: [fn('now', 's'), fn('gen_random_uuid', 'v'), fn('upper', 'i', 1), fn('lower', 'i', 1), fn('count', 'i', 1)],
    types: [],
    dependencies: [],
    extensions: [],
  };
}

function best(runs, fn) {
  let min = Infinity;
  let result;
  for (let i = 0; i < runs; i++) {
    result = undefined;
    collect();
    const started = process.hrtime.bigint();
    result = fn();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (ms < min) min = ms;
  }
  return { ms: min, result };
}

export async function runStatic({ root, log }) {
  const dist = (file) => pathToFileURL(join(root, 'packages', 'dry-run', 'dist', file)).href;
  const { ensureParser } = await import(dist('parse/parser.js'));
  const { splitStatementsSync } = await import(dist('parse/split.js'));
  const { classifyStatements } = await import(dist('classify/classify.js'));
  const { analyzeStatements } = await import(dist('locks/predict.js'));
  const { Catalog } = await import(dist('catalog/catalog.js'));
  const require = createRequire(join(root, 'packages', 'dry-run', 'package.json'));
  const { parseSync } = require('libpg-query');
  await ensureParser();

  const { sql, statements } = generateMigration();
  log(`generated ${statements} statements (${(sql.length / 1024 / 1024).toFixed(1)} MiB of SQL)`);
  const catalog = Catalog.fromSnapshot(snapshot());

  const pipeline = (withCatalog) => {
    const parsed = splitStatementsSync([{ file: 'bench.sql', sql }]);
    const classified = classifyStatements(parsed, withCatalog ? { catalog } : {});
    const analyses = analyzeStatements(classified, withCatalog ? catalog : undefined);
    return analyses.reduce((n, a) => n + a.hazards.length, 0);
  };

  // Warm-up: the first WASM calls and the JIT dominate otherwise.
  parseSync(sql);
  pipeline(false);
  pipeline(true);

  const bare = best(3, () => parseSync(sql).stmts.length);
  const plain = best(3, () => pipeline(false));
  const withCatalog = best(3, () => pipeline(true));
  const rate = (ms) => (statements / ms) * 1000;
  log(`bare parse ${bare.ms.toFixed(0)} ms, static pipeline ${plain.ms.toFixed(0)} ms (${plain.result} hazards), with catalog ${withCatalog.ms.toFixed(0)} ms (${withCatalog.result} hazards)`);
  const parseRate = rate(bare.ms);
  return [
    { name: 'static: bare libpg-query parseSync', value: parseRate, unit: 'statements/s' },
    { name: 'static: split + classify + analyze (no catalog)', value: rate(plain.ms), unit: 'statements/s', goal: '>= 30000', ok: rate(plain.ms) >= 30_000 },
    { name: 'static: split + classify + analyze (in-memory catalog)', value: rate(withCatalog.ms), unit: 'statements/s', goal: '>= 30000', ok: rate(withCatalog.ms) >= 30_000 },
    { name: 'static: ratio to bare parse (no catalog)', value: bare.ms / plain.ms, unit: 'x', goal: '>= 0.6', ok: bare.ms / plain.ms >= 0.6 },
    { name: 'static: ratio to bare parse (in-memory catalog)', value: bare.ms / withCatalog.ms, unit: 'x', goal: '>= 0.6', ok: bare.ms / withCatalog.ms >= 0.6 },
  ];
}
