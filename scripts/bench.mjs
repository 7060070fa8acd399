#!/usr/bin/env node
// Runs every package's benchmark (packages/*/bench/index.mjs) in one process and prints the
// figures with their goals. Benchmarks measure; they never fail the run on a slow figure.
import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(join(root, 'packages'))
  .map((name) => ({ name, file: join(root, 'packages', name, 'bench', 'index.mjs') }))
  .filter((b) => existsSync(b.file) && (only.length === 0 || only.includes(b.name)));

const fmt = (v) => (typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(v < 10 ? 2 : 1)) : String(v));
const rows = [];
for (const bench of benches) {
  process.stdout.write(`\n== ${bench.name}\n`);
  const mod = await import(pathToFileURL(bench.file).href);
  const figures = await mod.run({ root, log: (line) => process.stdout.write(`   ${line}\n`) });
  for (const f of figures) {
    const verdict = f.ok === undefined ? '' : f.ok ? '  ok' : '  MISSED';
    process.stdout.write(`   ${f.name}: ${fmt(f.value)} ${f.unit}${f.goal ? `  (goal: ${f.goal})` : ''}${verdict}\n`);
    rows.push({ package: bench.name, ...f });
  }
}
if (process.env.CONFITURE_BENCH_JSON) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(process.env.CONFITURE_BENCH_JSON, JSON.stringify(rows, null, 2));
}
