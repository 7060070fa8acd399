// Module hooks that let a plain `node` child process import this package's TypeScript sources
// (Node 20 cannot strip types): `.js` specifiers of `.ts` files are redirected, `.ts` files are
// transpiled with the repository's TypeScript, and workspace packages resolve to their sources.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const packages = new URL('../../../', import.meta.url);
const ALIASES = {
  '@confiture/core': new URL('core/src/index.ts', packages).href,
  '@confiture/dry-run': new URL('dry-run/src/index.ts', packages).href,
};

export async function resolve(specifier, context, next) {
  const alias = ALIASES[specifier];
  if (alias) return { url: alias, shortCircuit: true };
  if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const candidate = new URL(`${specifier.slice(0, -3)}.ts`, context.parentURL);
    if (existsSync(fileURLToPath(candidate))) return { url: candidate.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const file = fileURLToPath(url);
  const output = ts.transpileModule(await readFile(file, 'utf8'), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
  });
  return { format: 'module', source: output.outputText, shortCircuit: true };
}
