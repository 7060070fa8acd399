import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import projects from '../../../../vitest.workspace.js';
import { repoRoot } from './run-cli.js';

// The workspace rules every package follows, read from the manifests themselves, so a package
// added or changed later is held to them too.

interface Manifest {
  name: string;
  type?: string;
  private?: boolean;
  main?: string;
  types?: string;
  files?: string[];
  exports?: Record<string, unknown>;
  engines?: Record<string, string>;
  scripts?: Record<string, string>;
  packageManager?: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const PACKAGES = ['core', 'hooks', 'dry-run', 'lint', 'anonymize-plugins', 'wizard', 'cli'];
const read = (path: string): string => readFileSync(join(repoRoot, path), 'utf8');
const manifest = (dir: string): Manifest => JSON.parse(read(`packages/${dir}/package.json`)) as Manifest;
// tsconfig files may hold comments; these do not, and a parse error here says so.
const tsconfig = (path: string): { compilerOptions?: Record<string, unknown>; references?: Array<{ path: string }> } => JSON.parse(read(path));

/** The @confiture/* packages a package needs at run time (what its users install with it). */
function runtimeConfitureDeps(m: Manifest): string[] {
  const all = { ...m.dependencies, ...m.peerDependencies, ...m.optionalDependencies };
  return Object.keys(all).filter((name) => name.startsWith('@confiture/') && name !== '@confiture/test-utils');
}

describe('the workspace', () => {
  it('pins pnpm, requires Node >= 20.19 and has the root scripts', () => {
    const root = JSON.parse(read('package.json')) as Manifest;
    expect(root.private).toBe(true);
    expect(root.packageManager).toMatch(/^pnpm@\d+\.\d+\.\d+$/);
    expect(root.engines?.node).toBe('>=20.19');
    for (const script of ['build', 'typecheck', 'test', 'bench', 'confiture']) expect(root.scripts, script).toHaveProperty(script);
    const base = tsconfig('tsconfig.base.json').compilerOptions ?? {};
    expect(base).toMatchObject({ strict: true, noUncheckedIndexedAccess: true, verbatimModuleSyntax: true, module: 'NodeNext', moduleResolution: 'NodeNext' });
  });

  it('lists one vitest project per package and builds every package from the root', () => {
    expect(projects).toEqual(expect.arrayContaining(PACKAGES.map((dir) => `packages/${dir}`)));
    for (const project of projects) expect(existsSync(join(repoRoot, project, 'vitest.config.ts')), project).toBe(true);
    const references = (tsconfig('tsconfig.json').references ?? []).map((r) => r.path);
    expect(references).toEqual(expect.arrayContaining(PACKAGES.map((dir) => `packages/${dir}`)));
  });

  it('configures changesets for public packages released from main', () => {
    expect(JSON.parse(read('.changeset/config.json'))).toMatchObject({ access: 'public', baseBranch: 'main' });
  });
});

describe.each(PACKAGES)('@confiture/%s', (dir) => {
  const m = manifest(dir);

  it('is an ESM-only package with an exports map, types, files and a build to dist/', () => {
    expect(m.name).toBe(`@confiture/${dir}`);
    expect(m.type).toBe('module');
    expect(m.engines?.node).toBe('>=20.19');
    const main = m.exports?.['.'] as Record<string, string> | undefined;
    expect(main).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    // ESM only: no CommonJS entry anywhere in the exports map.
    expect(JSON.stringify(m.exports)).not.toMatch(/"require"|\.cjs"/);
    expect(m.types).toBe('./dist/index.d.ts');
    expect(m.files).toEqual(expect.arrayContaining(['dist', 'README.md']));
    expect(m.scripts?.build).toMatch(/^tsc -b/);
    expect(tsconfig(`packages/${dir}/tsconfig.json`).compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
    expect(existsSync(join(repoRoot, 'packages', dir, 'src', 'index.ts'))).toBe(true);
  });

  it('has its own README', () => {
    expect(read(`packages/${dir}/README.md`)).toMatch(new RegExp(`^# @confiture/${dir}\\n`));
  });

  it('references in its tsconfig exactly the workspace packages it depends on', () => {
    const referenced = (tsconfig(`packages/${dir}/tsconfig.json`).references ?? []).map((r) => r.path.replace(/^\.\.\//, '@confiture/')).sort();
    expect(referenced).toEqual(runtimeConfitureDeps(m).sort());
  });
});

describe('dependencies between packages', () => {
  const graph = new Map(PACKAGES.map((dir) => [`@confiture/${dir}`, runtimeConfitureDeps(manifest(dir))]));

  it('form a DAG', () => {
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, path: string[]): void => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'visiting') throw new Error(`dependency cycle: ${[...path, name].join(' -> ')}`);
      state.set(name, 'visiting');
      for (const dep of graph.get(name) ?? []) visit(dep, [...path, name]);
      state.set(name, 'done');
    };
    for (const name of graph.keys()) expect(() => visit(name, [])).not.toThrow();
  });

  it('never make a library depend on @confiture/cli or @confiture/wizard', () => {
    for (const [name, deps] of graph) {
      if (name === '@confiture/cli') continue;
      expect(deps, name).not.toContain('@confiture/cli');
      expect(deps, name).not.toContain('@confiture/wizard');
    }
  });
});
