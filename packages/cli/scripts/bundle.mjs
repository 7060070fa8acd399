#!/usr/bin/env node
// Bundles the CLI's own code with yargs into dist/bundle/ (one chunk per command handler, still
// loaded lazily). Loading yargs' ~40 modules one by one was most of `confiture --help`'s start-up;
// one file loads in a fraction of the time. The libraries stay external: they are packages of
// their own, imported only by the command that needs them.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}dist/bundle`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['dist/main.js'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@confiture/*', 'pg', '@electric-sql/pglite'],
  // CommonJS dependencies (picocolors) call require() for Node built-ins.
  banner: { js: "import { createRequire as __confitureRequire } from 'node:module'; const require = __confitureRequire(import.meta.url);" },
  logLevel: 'warning',
});
