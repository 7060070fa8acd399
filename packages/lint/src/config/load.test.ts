import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isConfitureError, loadProject, type ConfigIssue } from '@confiture/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLintConfig, resolveLintConfig } from './load.js';
import { DEFAULT_LINT_CONFIG } from './schema.js';

let tmp: string;
let n = 0;

async function project(files: Record<string, string>): Promise<string> {
  const dir = join(tmp, `p${n++}`);
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

async function rejection(promise: Promise<unknown>): Promise<any> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isConfitureError(error)).toBe(true);
  return error;
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'confiture-lint-config-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('loadLintConfig', () => {
  it('finds confiture.lint.yml, then confiture.lint.yaml', async () => {
    const yml = await project({ 'confiture.lint.yml': 'output_format: json\n', 'confiture.lint.yaml': 'output_format: sarif\n' });
    const loaded = await loadLintConfig({ cwd: yml });
    expect(loaded.config.output_format).toBe('json');
    expect(loaded.file).toBe(join(yml, 'confiture.lint.yml'));
    const yaml = await project({ 'confiture.lint.yaml': 'output_format: sarif\n' });
    expect((await loadLintConfig({ cwd: yaml })).config.output_format).toBe('sarif');
  });

  it('returns the defaults when there is no config file', async () => {
    const dir = await project({});
    expect(await loadLintConfig({ cwd: dir })).toEqual({ config: DEFAULT_LINT_CONFIG, file: null, plugins: [] });
  });

  it('loads an explicit file and says when it does not exist', async () => {
    const dir = await project({ 'ci-lint.yml': 'fail_on_warning: true\n' });
    expect((await loadLintConfig({ cwd: dir, file: 'ci-lint.yml' })).config.fail_on_warning).toBe(true);
    const error = await rejection(loadLintConfig({ cwd: dir, file: 'nope.yml' }));
    expect(error.code).toBe('CONFITURE_FILE_NOT_FOUND');
    expect(error.message).toContain(join(dir, 'nope.yml'));
  });

  it('throws CONFITURE_LINT_CONFIG_INVALID listing every problem with file:line:column', async () => {
    const dir = await project({ 'confiture.lint.yml': 'fail_on_eror: true\nrules:\n  redundant-indx: off\n  table-naming:\n    severity: loud\n' });
    const error = await rejection(loadLintConfig({ cwd: dir }));
    expect(error.code).toBe('CONFITURE_LINT_CONFIG_INVALID');
    expect(error.category).toBe('config');
    expect(error.location).toEqual({ file: 'confiture.lint.yml', line: 1, column: 1 });
    expect(error.configPath).toBe('fail_on_eror');
    const issues = error.details.issues as ConfigIssue[];
    expect(issues.map((i) => `${i.location.line}:${i.location.column} ${i.path}`)).toEqual([
      '1:1 fail_on_eror',
      '3:3 rules.redundant-indx',
      '5:15 rules.table-naming.severity',
    ]);
    expect(error.message).toContain('confiture.lint.yml has 3 problems');
    expect(error.message).toContain('Did you mean `redundant-index`?');
  });
});

describe('resolveLintConfig with the lint: section of confiture.yaml', () => {
  it('validates project.sections.lint with positions in confiture.yaml', async () => {
    const dir = await project({ 'confiture.yaml': 'lint:\n  output_format: github\n  rules:\n    orphaned-table: off\n' });
    const loaded = await resolveLintConfig((await loadProject({ cwd: dir, processEnv: {} })).sections.lint, { baseDir: dir });
    expect(loaded.config.output_format).toBe('github');
    expect(loaded.config.rules['orphaned-table']).toEqual({ enabled: false });

    const bad = await project({ 'confiture.yaml': 'lint:\n  rules:\n    orphan-table: off\n' });
    const error = await rejection(resolveLintConfig((await loadProject({ cwd: bad, processEnv: {} })).sections.lint, { baseDir: bad }));
    expect(error.code).toBe('CONFITURE_LINT_CONFIG_INVALID');
    expect(error.message).toMatch(/^Unknown rule `lint\.rules\.orphan-table` in confiture\.yaml:3:\d+\. Did you mean `orphaned-table`\?$/);
    expect(error.hint).toBe('Rename the key to `lint.rules.orphaned-table`.');
  });

  it('reports an unknown rule id at the column of its key, not of its value', async () => {
    const dir = await project({ 'confiture.yaml': 'lint:\n  output_format: table\n  rules:\n    missing-fk-indx:   warning\n' });
    const error = await rejection(resolveLintConfig((await loadProject({ cwd: dir, processEnv: {} })).sections.lint, { baseDir: dir }));
    const issues = error.details.issues as ConfigIssue[];
    expect(issues).toHaveLength(1);
    // `missing-fk-indx` starts at column 5; its value `warning` at column 24.
    expect(issues[0]?.location).toEqual({ file: 'confiture.yaml', line: 4, column: 5 });
    expect(error.location).toEqual({ file: 'confiture.yaml', line: 4, column: 5 });
    expect(error.message).toBe('Unknown rule `lint.rules.missing-fk-indx` in confiture.yaml:4:5. Did you mean `missing-fk-index`?');
  });

  it('treats an absent section as the defaults', async () => {
    const dir = await project({ 'confiture.yaml': 'schema_dirs: [db/schema]\n' });
    const loaded = await resolveLintConfig((await loadProject({ cwd: dir, processEnv: {} })).sections.lint, { baseDir: dir });
    expect(loaded.config).toEqual(DEFAULT_LINT_CONFIG);
  });
});
