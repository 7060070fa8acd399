// Static analysis throughput: split + classify + analyze (lock prediction, rewrites, scans,
// hazards) of a large SQL file, against libpg-query's bare parseSync of the same text.
//
// The input is generated deterministically: 100,000 statements in the proportions of a long
// migration history concatenated with a schema dump (pg_dump style CREATE TABLE / SEQUENCE /
// ALTER TABLE ONLY ... ADD CONSTRAINT / CREATE INDEX / COMMENT / GRANT / OWNER TO / setval, and
// migration style ADD COLUMN variants, type changes, constraints NOT VALID + VALIDATE, index
// builds, backfill UPDATEs with subqueries and CTEs, seed INSERTs, views, PL/pgSQL functions,
// triggers, DO blocks, enum types, SET and ANALYZE).
//
// Fairness: bare parse, the pipeline without a catalog and the pipeline with an in-memory
// catalog of the tables the file uses run in turn, several rounds, each run on a collected heap,
// the order rotating every round; the figures are medians, and each ratio is the median of the
// per-round ratios (a pipeline run against the bare parse of the same round, so that a change of
// machine load between rounds does not bias it). The pipeline includes its own parse of the
// text: the ratio is (bare parse time) / (pipeline time), at most 1.
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const STATEMENTS = 100_000;
const TABLES = 600;
const ROUNDS = 5;

// A collected heap before each measured run, so that no run pays for the garbage of the previous
// one. The runner starts node without --expose-gc: the flag is turned on here, and the function
// read from a fresh context (where it is then defined). Without it, runs simply follow each other.
function gcFunction() {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('typeof gc === "function" ? gc : undefined');
    return typeof gc === 'function' ? gc : () => {};
  } catch {
    return () => {};
  }
}

// mulberry32: the same text on every run and every machine.
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

/**
 * The benchmark SQL: `count` statements, deterministic. Tables `app.t000`... `app.t599` (columns
 * id, a, b, c, d, ref_id) are assumed to exist (see {@link benchCatalogSnapshot}); the text
 * creates more as it goes.
 */
export function generateMigration(count = STATEMENTS) {
  const rnd = random(42);
  const pick = (n) => Math.floor(rnd() * n);
  const out = ["SET lock_timeout = '5s';", "SET statement_timeout = '15min';", 'SET search_path = app, public;'];
  let created = 0;
  const push = (...statements) => {
    for (const s of statements) if (out.length < count) out.push(s);
  };
  while (out.length < count) {
    const t = table(pick(TABLES));
    const u = table(pick(TABLES));
    const short = t.slice(4);
    const n = out.length;
    const r = rnd();
    if (r < 0.03) {
      // A table as pg_dump writes it: the table, its sequence, ownership, key, comment, grant.
      created++;
      const name = `app.new_${created}`;
      push(
        `CREATE TABLE ${name} (\n    id bigint NOT NULL,\n    owner_id bigint NOT NULL,\n    title text NOT NULL,\n    status character varying(20) DEFAULT 'new'::character varying,\n    amount numeric(12,2),\n    payload jsonb DEFAULT '{}'::jsonb NOT NULL,\n    created_at timestamp with time zone DEFAULT now() NOT NULL,\n    CONSTRAINT new_${created}_amount_check CHECK ((amount >= (0)::numeric))\n);`,
        `CREATE SEQUENCE ${name}_id_seq\n    START WITH 1\n    INCREMENT BY 1\n    NO MINVALUE\n    NO MAXVALUE\n    CACHE 1;`,
        `ALTER SEQUENCE ${name}_id_seq OWNED BY ${name}.id;`,
        `ALTER TABLE ONLY ${name} ALTER COLUMN id SET DEFAULT nextval('${name}_id_seq'::regclass);`,
        `ALTER TABLE ONLY ${name}\n    ADD CONSTRAINT new_${created}_pkey PRIMARY KEY (id);`,
        `ALTER TABLE ONLY ${name}\n    ADD CONSTRAINT new_${created}_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES ${t}(id) ON DELETE CASCADE;`,
        `CREATE INDEX new_${created}_owner_id_idx ON ${name} USING btree (owner_id);`,
        `COMMENT ON TABLE ${name} IS 'Created in migration ${n}';`,
        `ALTER TABLE ${name} OWNER TO app_owner;`,
        `GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE ${name} TO app_user;`,
        `SELECT pg_catalog.setval('${name}_id_seq', ${1 + pick(5000)}, true);`,
      );
    } else if (r < 0.08) push(`ALTER TABLE ${t} ADD COLUMN c${n} integer;`);
    else if (r < 0.1) push(`ALTER TABLE ${t} ADD COLUMN c${n} text NOT NULL DEFAULT 'x';`);
    else if (r < 0.115) push(`ALTER TABLE ${t} ADD COLUMN c${n} uuid DEFAULT gen_random_uuid();`);
    else if (r < 0.125) push(`ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS c${n} timestamptz, ADD COLUMN c${n}_by bigint REFERENCES ${u} (id);`);
    else if (r < 0.135) push(`ALTER TABLE ${t} ALTER COLUMN b SET NOT NULL;`);
    else if (r < 0.145) push(`ALTER TABLE ${t} ALTER COLUMN d TYPE numeric(14,2);`);
    else if (r < 0.15) push(`ALTER TABLE ${t} ALTER COLUMN b TYPE text;`);
    else if (r < 0.16) push(`ALTER TABLE ${t} ALTER COLUMN c SET DEFAULT now();`);
    else if (r < 0.175) push(`ALTER TABLE ${t} ADD CONSTRAINT ${short}_c${n} CHECK (a >= 0 AND a < ${n}) NOT VALID;`);
    else if (r < 0.185) push(`ALTER TABLE ${t} VALIDATE CONSTRAINT ${short}_a_check;`);
    else if (r < 0.205) push(`ALTER TABLE ONLY ${t}\n    ADD CONSTRAINT ${short}_fk${n} FOREIGN KEY (ref_id) REFERENCES ${u}(id);`);
    else if (r < 0.21) push(`ALTER TABLE ${t} DROP COLUMN IF EXISTS c${Math.max(0, n - 500)};`);
    else if (r < 0.215) push(`ALTER TABLE ${t} RENAME COLUMN c TO c_${n};`);
    else if (r < 0.26) push(`CREATE INDEX ix_${n} ON ${t} USING btree (a);`);
    else if (r < 0.275) push(`CREATE UNIQUE INDEX ux_${n} ON ${t} USING btree (b, lower((c)::text)) WHERE (d IS NOT NULL);`);
    else if (r < 0.31) push(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_${n} ON ${t} (b, c) WHERE d > 0;`);
    else if (r < 0.315) push(`DROP INDEX IF EXISTS app.ix_${Math.max(0, n - 100)};`);
    else if (r < 0.38) push(`COMMENT ON COLUMN ${t}.b IS 'documented in migration ${n}';`);
    else if (r < 0.43) push(`GRANT SELECT, INSERT, UPDATE ON TABLE ${t} TO app_user;`);
    else if (r < 0.44) push(`REVOKE ALL ON TABLE ${t} FROM PUBLIC;`);
    else if (r < 0.48) push(`ALTER TABLE ${t} OWNER TO app_owner;`);
    else if (r < 0.56) push(`INSERT INTO ${t} (a, b, c, d) VALUES (${n}, 'name ${n}', '2024-01-01', ${n}.5);`);
    else if (r < 0.58) {
      const rows = [];
      for (let i = 0; i < 5; i++) rows.push(`(${n * 10 + i}, 'row ${i}', '2024-01-0${1 + i} 10:00:00+00', ${i}.25, NULL)`);
      push(`INSERT INTO ${t} (a, b, c, d, ref_id) VALUES\n  ${rows.join(',\n  ')};`);
    } else if (r < 0.59) push(`INSERT INTO ${t} (a, b, c, d) SELECT a, b || ' copy', c, d FROM ${u} WHERE id > ${n} ON CONFLICT DO NOTHING;`);
    else if (r < 0.66) push(`UPDATE ${t} SET d = 0 WHERE id BETWEEN ${n} AND ${n + 1000} AND d IS NULL;`);
    else if (r < 0.68) push(`UPDATE ${t} AS x SET ref_id = y.id FROM ${u} AS y WHERE y.a = x.a AND x.ref_id IS NULL AND x.id < ${n};`);
    else if (r < 0.69) {
      push(`WITH batch AS (\n  SELECT id FROM ${t} WHERE c IS NULL ORDER BY id LIMIT 1000 FOR UPDATE SKIP LOCKED\n)\nUPDATE ${t} SET c = now() WHERE id IN (SELECT id FROM batch);`);
    } else if (r < 0.71) push(`DELETE FROM ${t} WHERE id = ${n} OR ref_id IN (SELECT id FROM ${u} WHERE b = 'gone');`);
    else if (r < 0.73) push(`SELECT count(*) FROM ${t} WHERE b IS NULL;`);
    else if (r < 0.75) push(`CREATE OR REPLACE VIEW app.v_${n % 400} AS\n SELECT t.id, t.a, t.b, u.d\n   FROM (${t} t\n     LEFT JOIN ${u} u ON ((u.id = t.ref_id)))\n  WHERE (t.d IS NOT NULL);`);
    else if (r < 0.755) push(`CREATE MATERIALIZED VIEW app.mv_${n} AS SELECT a, count(*) AS n FROM ${t} GROUP BY a WITH NO DATA;`);
    else if (r < 0.76) push(`REFRESH MATERIALIZED VIEW app.mv_${Math.max(0, n - 50)};`);
    else if (r < 0.8) {
      push(
        `CREATE OR REPLACE FUNCTION app.f_${n}(x integer, y text DEFAULT NULL) RETURNS integer\n    LANGUAGE plpgsql STABLE\n    AS $fn$\nDECLARE\n  total integer := 0;\nBEGIN\n  SELECT count(*) INTO total FROM ${t} WHERE a = x;\n  IF y IS NOT NULL THEN\n    total := total + length(y);\n  END IF;\n  RETURN total + ${n};\nEND\n$fn$;`,
      );
    } else if (r < 0.81) push(`CREATE FUNCTION app.g_${n}(integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT $1 * ${n % 97} $$;`);
    else if (r < 0.82) {
      push(`CREATE TRIGGER tr_${n} BEFORE INSERT OR UPDATE ON ${t} FOR EACH ROW WHEN (NEW.d IS NULL) EXECUTE FUNCTION app.touch();`);
    } else if (r < 0.83) {
      push(`DO $do$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_user') THEN\n    CREATE ROLE app_user;\n  END IF;\n  PERFORM set_config('app.migrated', '${n}', true);\nEND\n$do$;`);
    } else if (r < 0.835) push(`CREATE TYPE app.status_${n} AS ENUM ('new', 'active', 'done');`);
    else if (r < 0.84) push(`ALTER TYPE app.mood ADD VALUE IF NOT EXISTS 'v${n}';`);
    else if (r < 0.85) push(`SELECT pg_catalog.set_config('search_path', '', false);`);
    else if (r < 0.86) push(`SET LOCAL work_mem = '${64 + (n % 64)}MB';`);
    else if (r < 0.875) push(`ANALYZE ${t};`);
    else if (r < 0.88) push(`LOCK TABLE ${t} IN SHARE ROW EXCLUSIVE MODE;`);
    else if (r < 0.9) push(`CREATE TABLE IF NOT EXISTS app.log_${n % 700} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, t_id bigint NOT NULL REFERENCES ${t} (id), at timestamptz NOT NULL DEFAULT now(), note text);`);
    else if (r < 0.95) push(`INSERT INTO app.audit (table_name, action, at) VALUES ('${short}', 'migrated', now());`);
    else if (r < 0.97) push(`ALTER TABLE ${t} SET (fillfactor = 90, autovacuum_vacuum_scale_factor = 0.05);`);
    else if (r < 0.985) push(`COMMENT ON INDEX app.ix_${Math.max(0, n - 10)} IS NULL;`);
    else push(`SELECT setval('app.audit_id_seq', (SELECT max(id) FROM app.audit));`);
  }
  return { sql: `${out.join('\n')}\n`, statements: out.length };
}

/** A catalog snapshot of the tables the benchmark SQL uses, as `loadCatalog` would read it. */
export function benchCatalogSnapshot() {
  const relations = [];
  const constraints = [];
  const column = (name, type, typeName, typmod, notNull, extra = {}) => ({ name, type, typeName, typeSchema: 'pg_catalog', typmod, notNull, default: null, identity: null, generated: null, sequence: null, ...extra });
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
        column('id', 'bigint', 'int8', -1, true, { default: `nextval('app.${name}_id_seq'::regclass)`, sequence: `app.${name}_id_seq` }),
        column('a', 'integer', 'int4', -1, true),
        column('b', 'character varying(100)', 'varchar', 104, false),
        column('c', 'timestamp with time zone', 'timestamptz', -1, false),
        column('d', 'numeric(12,2)', 'numeric', ((12 << 16) | 2) + 4, false),
        column('ref_id', 'bigint', 'int8', -1, false),
      ],
    });
    relations.push({ ...base, schema: 'app', name: `${name}_pkey`, kind: 'i', table: table(i), oid: 30000 + i, filenode: 30000 + i, columns: [], index: { definition: `CREATE UNIQUE INDEX ${name}_pkey ON ${table(i)} USING btree (id)`, valid: true, unique: true, primary: true, columns: ['id'] } });
    relations.push({ ...base, schema: 'app', name: `${name}_id_seq`, kind: 'S', oid: 40000 + i, filenode: 40000 + i, rowEstimate: 1, sizeBytes: 8192, columns: [], ownedBy: { table: table(i), column: 'id' } });
    constraints.push({ table: table(i), name: `${name}_pkey`, type: 'p', columns: ['id'], validated: true, definition: 'PRIMARY KEY (id)', referencedTable: null, referencedColumns: [], onDelete: null, onUpdate: null, index: `app.${name}_pkey`, createdInRun: false });
    constraints.push({ table: table(i), name: `${name}_a_check`, type: 'c', columns: ['a'], validated: false, definition: 'CHECK ((a >= 0)) NOT VALID', referencedTable: null, referencedColumns: [], onDelete: null, onUpdate: null, index: null, createdInRun: false });
    if (i > 0) {
      constraints.push({ table: table(i), name: `${name}_ref_fk`, type: 'f', columns: ['ref_id'], validated: true, definition: `FOREIGN KEY (ref_id) REFERENCES ${table(i - 1)}(id)`, referencedTable: table(i - 1), referencedColumns: ['id'], onDelete: 'a', onUpdate: 'a', index: null, createdInRun: false });
    }
  }
  relations.push({
    ...base,
    schema: 'app',
    name: 'audit',
    kind: 'r',
    oid: 19000,
    filenode: 19000,
    columns: [
      column('id', 'bigint', 'int8', -1, true, { default: "nextval('app.audit_id_seq'::regclass)", sequence: 'app.audit_id_seq' }),
      column('table_name', 'text', 'text', -1, true),
      column('action', 'text', 'text', -1, true),
      column('at', 'timestamp with time zone', 'timestamptz', -1, true),
    ],
  });
  relations.push({ ...base, schema: 'app', name: 'audit_id_seq', kind: 'S', oid: 19001, filenode: 19001, rowEstimate: 1, sizeBytes: 8192, columns: [], ownedBy: { table: 'app.audit', column: 'id' } });
  const fn = (schema, name, volatility, argCount = 0, language = 'internal') => ({ schema, name, kind: 'f', argCount, defaultCount: 0, variadic: false, volatility, language, transactionControl: null, createdInRun: false });
  return {
    serverVersion: 150000,
    searchPath: ['pg_catalog', 'public'],
    currentUser: 'postgres',
    timeZone: 'UTC',
    schemas: ['app', 'public'],
    relations,
    constraints,
    functions: [
      fn('pg_catalog', 'now', 's'),
      fn('pg_catalog', 'gen_random_uuid', 'v'),
      fn('pg_catalog', 'lower', 'i', 1),
      fn('pg_catalog', 'length', 'i', 1),
      fn('pg_catalog', 'count', 'i', 1),
      fn('pg_catalog', 'max', 'i', 1),
      fn('pg_catalog', 'setval', 'v', 2),
      fn('pg_catalog', 'set_config', 'v', 3),
      fn('pg_catalog', 'nextval', 'v', 1),
      fn('app', 'touch', 'v', 0, 'plpgsql'),
    ],
    types: [{ schema: 'app', name: 'mood', kind: 'e', createdInRun: false }],
    dependencies: [],
    extensions: [],
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Measures bare parsing and the static pipeline (figures in statements/s and ratios). Options:
 * `statements` (default 100,000), `rounds` (default 5).
 */
export async function runStatic({ root, log, statements: count = STATEMENTS, rounds = ROUNDS }) {
  const dist = (file) => pathToFileURL(join(root, 'packages', 'dry-run', 'dist', file)).href;
  const { ensureParser } = await import(dist('parse/parser.js'));
  const { splitStatementsSync } = await import(dist('parse/split.js'));
  const { classifyStatements } = await import(dist('classify/classify.js'));
  const { analyzeStatements } = await import(dist('locks/predict.js'));
  const { Catalog } = await import(dist('catalog/catalog.js'));
  const require = createRequire(join(root, 'packages', 'dry-run', 'package.json'));
  const { parseSync } = require('libpg-query');
  await ensureParser();
  const collect = gcFunction();

  const { sql, statements } = generateMigration(count);
  const sources = [{ file: 'bench.sql', sql }];
  const catalog = Catalog.fromSnapshot(benchCatalogSnapshot());
  log(`generated ${statements} statements (${(sql.length / 1024 / 1024).toFixed(1)} MiB of SQL); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const runs = {
    bare: () => parseSync(sql).stmts.length,
    plain: () => {
      const analyses = analyzeStatements(classifyStatements(splitStatementsSync(sources)));
      return analyses.length;
    },
    catalog: () => {
      const analyses = analyzeStatements(classifyStatements(splitStatementsSync(sources), { catalog }), catalog);
      return analyses.length;
    },
  };
  const order = Object.keys(runs);
  const timed = (name) => {
    collect();
    const started = process.hrtime.bigint();
    const n = runs[name]();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (n !== statements) throw new Error(`${name} saw ${n} statements instead of ${statements}`);
    return ms;
  };

  // Warm-up: WebAssembly instantiation and the JIT would dominate a first run.
  for (const name of order) timed(name);
  const ms = { bare: [], plain: [], catalog: [] };
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < order.length; k++) {
      const name = order[(round + k) % order.length];
      ms[name].push(timed(name));
    }
  }
  const rate = (values) => (statements / median(values)) * 1000;
  const ratio = (name) => median(ms[name].map((t, i) => ms.bare[i] / t));
  const figures = {
    bare: rate(ms.bare),
    plain: rate(ms.plain),
    catalog: rate(ms.catalog),
    plainRatio: ratio('plain'),
    catalogRatio: ratio('catalog'),
  };
  log(
    `median of ${rounds} rounds: bare parse ${median(ms.bare).toFixed(0)} ms, pipeline ${median(ms.plain).toFixed(0)} ms, with catalog ${median(ms.catalog).toFixed(0)} ms; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );
  return [
    { name: 'static: bare libpg-query parseSync', value: figures.bare, unit: 'statements/s' },
    { name: 'static: split + classify + analyze (no catalog)', value: figures.plain, unit: 'statements/s', goal: '>= 30000', ok: figures.plain >= 30_000 },
    { name: 'static: split + classify + analyze (in-memory catalog)', value: figures.catalog, unit: 'statements/s', goal: '>= 30000', ok: figures.catalog >= 30_000 },
    { name: 'static: ratio to bare parse (no catalog)', value: figures.plainRatio, unit: 'x', goal: '>= 0.6', ok: figures.plainRatio >= 0.6 },
    { name: 'static: ratio to bare parse (in-memory catalog)', value: figures.catalogRatio, unit: 'x', goal: '>= 0.6', ok: figures.catalogRatio >= 0.6 },
  ];
}
