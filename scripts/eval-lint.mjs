#!/usr/bin/env node
// Precision evaluation of the @confiture/lint rules on public sample schemas (pagila, chinook,
// northwind). Each schema is loaded into a fresh database, linted with every rule, and the findings
// are compared with the hand-checked list in packages/lint/eval/expected/<schema>.json.
//
//   pnpm eval:lint                       all schemas (builds first)
//   node scripts/eval-lint.mjs pagila    one schema (after `npx tsc -b packages/lint`)
//   node scripts/eval-lint.mjs --findings   also print every finding, for reviewing the expected lists
//
// Inputs: the schema files are read from CONFITURE_EVAL_SCHEMAS, else ../shared/data/schemas next to the
// repository. The server is CONFITURE_EVAL_DATABASE_URL, else CONFITURE_TEST_DATABASE_URL, else
// postgres://postgres@127.0.0.1:5432/postgres. The exit code is non-zero only when the evaluation
// itself cannot run; false-positive rates are reported, never enforced.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const evalDir = join(root, 'packages', 'lint', 'eval');
const SCHEMAS = [
  { name: 'pagila', file: 'pagila-schema.sql' },
  { name: 'chinook', file: 'chinook.sql' },
  { name: 'northwind', file: 'northwind.sql' },
];
const GOAL = 0.05;

class EvalError extends Error {}

function parseArgs(argv) {
  const args = { only: [], findings: false };
  for (const arg of argv) {
    if (arg === '--findings') args.findings = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg.startsWith('-')) throw new EvalError(`Unknown option ${arg}. Usage: node scripts/eval-lint.mjs [--findings] [pagila|chinook|northwind ...]`);
    else if (!SCHEMAS.some((s) => s.name === arg)) throw new EvalError(`Unknown schema "${arg}". Known: ${SCHEMAS.map((s) => s.name).join(', ')}.`);
    else args.only.push(arg);
  }
  return args;
}

function schemasDir() {
  const fromEnv = process.env.CONFITURE_EVAL_SCHEMAS;
  const dir = fromEnv ? resolve(fromEnv) : resolve(root, '..', 'shared', 'data', 'schemas');
  const missing = SCHEMAS.filter((s) => !existsSync(join(dir, s.file)));
  if (missing.length === SCHEMAS.length) {
    throw new EvalError(
      `The sample schemas are not in ${dir}.\n` +
        'Provide pagila-schema.sql (github.com/devrimgunduz/pagila), chinook.sql (github.com/lerocha/chinook-database,\n' +
        'Chinook_PostgreSql.sql without its DROP/CREATE DATABASE and \\c lines) and northwind.sql (github.com/pthom/northwind_psql)\n' +
        'in one directory, and point CONFITURE_EVAL_SCHEMAS at it (or place them in ../shared/data/schemas next to the repository).',
    );
  }
  return { dir, missing: missing.map((s) => s.name) };
}

function serverUrl() {
  return process.env.CONFITURE_EVAL_DATABASE_URL || process.env.CONFITURE_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
}

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Never print a password: the URL only appears redacted. */
function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<database url>';
  }
}

async function importLint() {
  const dist = join(root, 'packages', 'lint', 'dist', 'index.js');
  if (!existsSync(dist)) throw new EvalError('packages/lint/dist is missing: run `npx tsc -b packages/lint` (or `pnpm eval:lint`, which builds first).');
  return import(pathToFileURL(dist).href);
}

function loadPg() {
  // pg is a devDependency of @confiture/lint; the root has no dependency of its own on it.
  const require = createRequire(join(root, 'packages', 'lint', 'package.json'));
  return require('pg');
}

function loadSchemaFile(url, file) {
  const psql = spawnSync('psql', ['--version'], { encoding: 'utf8' });
  if (psql.status !== 0) return false;
  const result = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', file], {
    encoding: 'utf8',
    env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new EvalError(`psql could not load ${file}:\n${(result.stderr || result.stdout).slice(0, 2000)}`);
  return true;
}

function readExpected(name) {
  const file = join(evalDir, 'expected', `${name}.json`);
  if (!existsSync(file)) throw new EvalError(`The expected findings file ${file} is missing.`);
  const data = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(data.expected)) throw new EvalError(`${file}: "expected" must be an array of { rule, object, note }.`);
  for (const [i, entry] of data.expected.entries()) {
    if (typeof entry.rule !== 'string' || typeof entry.object !== 'string' || typeof entry.note !== 'string' || entry.note.trim() === '') {
      throw new EvalError(`${file}: expected[${i}] needs a rule, an object and a note saying why it is a true positive.`);
    }
  }
  return data.expected;
}

/** Findings and expectations are matched on rule + object (+ line for findings inside files). */
const keyOf = (rule, object, line) => `${rule}\u0000${object}${line === undefined ? '' : `\u0000${line}`}`;

async function evaluate(schema, dir, lintApi, pg, showFindings) {
  const admin = new pg.Client({ connectionString: serverUrl() });
  try {
    await admin.connect();
  } catch (error) {
    throw new EvalError(`Cannot reach the PostgreSQL server ${redact(serverUrl())}: ${error.message}. Set CONFITURE_EVAL_DATABASE_URL.`);
  }
  const database = `confiture_eval_${schema.name}_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database "${database}"`);
  const url = withDatabase(serverUrl(), database);
  const client = new pg.Client({ connectionString: url });
  try {
    const path = join(dir, schema.file);
    const text = readFileSync(path, 'utf8');
    await client.connect();
    if (!loadSchemaFile(url, path)) await client.query(text);
    const result = await lintApi.lint(client, {}, { files: [{ path: schema.file, text }] });
    const findings = result.findings.map((f) => ({
      rule: f.rule,
      object: f.object,
      line: f.objectKind === 'file' ? f.location?.line : undefined,
      message: f.message,
    }));
    if (showFindings) {
      process.stdout.write(`\n-- ${schema.name}: ${findings.length} findings\n`);
      for (const f of findings) process.stdout.write(`${JSON.stringify({ rule: f.rule, object: f.object, ...(f.line ? { line: f.line } : {}) })}  ${f.message}\n`);
    }
    return { findings, skipped: result.skipped, expected: readExpected(schema.name), ranRules: result.summary };
  } finally {
    await client.end().catch(() => {});
    await admin.query(`drop database if exists "${database}" with (force)`).catch(() => {});
    await admin.end().catch(() => {});
  }
}

function compare(run, ruleIds) {
  const reported = new Map(run.findings.map((f) => [keyOf(f.rule, f.object, f.line), f]));
  const expected = new Map(run.expected.map((e) => [keyOf(e.rule, e.object, e.line), e]));
  const perRule = new Map(ruleIds.map((id) => [id, { tp: 0, fp: [], fn: [] }]));
  for (const [key, f] of reported) {
    const row = perRule.get(f.rule) ?? { tp: 0, fp: [], fn: [] };
    perRule.set(f.rule, row);
    if (expected.has(key)) row.tp++;
    else row.fp.push(f);
  }
  for (const [key, e] of expected) {
    if (reported.has(key)) continue;
    const row = perRule.get(e.rule) ?? { tp: 0, fp: [], fn: [] };
    perRule.set(e.rule, row);
    row.fn.push(e);
  }
  return perRule;
}

const pct = (fp, tp) => (fp + tp === 0 ? '-' : `${((100 * fp) / (fp + tp)).toFixed(1)}%`);

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r, n) => {
    const line = r.map((cell, i) => (i === 0 || i === 1 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ');
    return n === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 13).map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
    return 0;
  }
  const { dir, missing } = schemasDir();
  const lintApi = await importLint();
  const pg = loadPg();
  const ruleIds = lintApi.builtinRules.map((r) => r.id);
  const chosen = SCHEMAS.filter((s) => (args.only.length === 0 || args.only.includes(s.name)) && !missing.includes(s.name));
  for (const name of missing) process.stdout.write(`note: ${name} is missing from ${dir}; skipped.\n`);
  process.stdout.write(`Schemas from ${dir}; server ${redact(serverUrl())}\n`);

  const totals = new Map(ruleIds.map((id) => [id, { tp: 0, fp: 0, fn: 0 }]));
  const rows = [['schema', 'rule', 'TP', 'FP', 'FN', 'FP rate']];
  const details = [];
  const skippedLines = [];
  for (const schema of chosen) {
    const run = await evaluate(schema, dir, lintApi, pg, args.findings);
    for (const s of run.skipped) skippedLines.push(`${schema.name}: ${s.rule} skipped: ${s.reason}`);
    for (const [rule, row] of compare(run, ruleIds)) {
      const total = totals.get(rule) ?? { tp: 0, fp: 0, fn: 0 };
      totals.set(rule, total);
      total.tp += row.tp;
      total.fp += row.fp.length;
      total.fn += row.fn.length;
      if (row.tp + row.fp.length + row.fn.length > 0) rows.push([schema.name, rule, row.tp, row.fp.length, row.fn.length, pct(row.fp.length, row.tp)]);
      for (const f of row.fp) details.push(`${schema.name}  FP  ${rule}  ${f.object}${f.line ? `:${f.line}` : ''}  ${f.message}`);
      for (const e of row.fn) details.push(`${schema.name}  FN  ${rule}  ${e.object}${e.line ? `:${e.line}` : ''}  (expected: ${e.note})`);
    }
  }

  process.stdout.write(`\nPer schema and rule (rows with no finding and nothing expected are left out)\n${table(rows)}\n`);
  const summary = [['all', 'rule', 'TP', 'FP', 'FN', 'FP rate', `goal < ${GOAL * 100}%`]];
  for (const id of ruleIds) {
    const t = totals.get(id);
    const rate = t.tp + t.fp === 0 ? 0 : t.fp / (t.tp + t.fp);
    summary.push(['', id, t.tp, t.fp, t.fn, pct(t.fp, t.tp), t.tp + t.fp === 0 ? 'no findings' : rate < GOAL ? 'ok' : 'MISSED']);
  }
  process.stdout.write(`\nPer rule, all schemas\n${table(summary)}\n`);
  if (skippedLines.length) process.stdout.write(`\n${skippedLines.join('\n')}\n`);
  if (details.length) process.stdout.write(`\nFalse positives and false negatives\n${details.join('\n')}\n`);
  else process.stdout.write('\nNo false positive, no false negative.\n');
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`eval-lint: ${error instanceof EvalError ? error.message : error?.stack ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
