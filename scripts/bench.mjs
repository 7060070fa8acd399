#!/usr/bin/env node
// Runs every package's benchmark (packages/*/bench/index.mjs) and prints the figures with their
// goals. Benchmarks measure; they never fail the run on a slow figure.
//
// Each package's benchmark runs in its own node process, one after the other: a benchmark that
// runs after another in the same process inherits its heap, its JIT state and its open handles,
// which moves throughput figures by several percent.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const FIGURES = '@@confiture-bench-figures@@';

// Child mode: run one benchmark, stream its log lines, end with the figures as one JSON line.
if (process.argv[2] === '--child') {
  const mod = await import(pathToFileURL(process.argv[3]).href);
  const figures = await mod.run({ root, log: (line) => process.stdout.write(`   ${line}\n`) });
  process.stdout.write(`${FIGURES}${JSON.stringify(figures)}\n`);
  process.exit(0);
}

const only = process.argv.slice(2);
const benches = readdirSync(join(root, 'packages'))
  .map((name) => ({ name, file: join(root, 'packages', name, 'bench', 'index.mjs') }))
  .filter((b) => existsSync(b.file) && (only.length === 0 || only.includes(b.name)));

/** Runs one benchmark in a child process; resolves with its figures. */
function runChild(file) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let figures = null;
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      pending += chunk;
      let newline;
      while ((newline = pending.indexOf('\n')) !== -1) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line.startsWith(FIGURES)) figures = JSON.parse(line.slice(FIGURES.length));
        else process.stdout.write(`${line}\n`);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (figures) resolve(figures);
      else reject(new Error(`the benchmark ${file} ended (${signal ?? `exit ${code}`}) without figures`));
    });
  });
}

const fmt = (v) => (typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(v < 10 ? 2 : 1)) : String(v));
const rows = [];
let failed = false;
for (const bench of benches) {
  process.stdout.write(`\n== ${bench.name}\n`);
  let figures;
  try {
    figures = await runChild(bench.file);
  } catch (error) {
    process.stdout.write(`   ${error.message}\n`);
    failed = true;
    continue;
  }
  for (const f of figures) {
    const verdict = f.ok === undefined ? '' : f.ok ? '  ok' : '  MISSED';
    process.stdout.write(`   ${f.name}: ${fmt(f.value)} ${f.unit}${f.goal ? `  (goal: ${f.goal})` : ''}${verdict}\n`);
    rows.push({ package: bench.name, ...f });
  }
}
if (process.env.CONFITURE_BENCH_JSON) writeFileSync(process.env.CONFITURE_BENCH_JSON, JSON.stringify(rows, null, 2));
// A benchmark that crashed is an error of the run (a slow figure is not).
if (failed) process.exitCode = 1;
