import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertDirectory } from './assert-directory.js';
import { caught, useTempDirs } from './test-helpers/temp-dir.js';

const tempDir = useTempDirs();

describe('assertDirectory', () => {
  it('passes for an existing directory', async () => {
    const root = await tempDir({ 'db/migrations/.keep': '' });
    await expect(assertDirectory(join(root, 'db/migrations'), 'migrations directory')).resolves.toBeUndefined();
  });

  it('throws CONFITURE_DIRECTORY_MISSING with a hint naming the config key', async () => {
    const root = await tempDir();
    const error = await caught(() => assertDirectory(join(root, 'db/migrations'), 'migrations directory', { root, configKey: 'migrations_dir' }));
    expect(error.code).toBe('CONFITURE_DIRECTORY_MISSING');
    expect(error.message).toBe('The migrations directory db/migrations does not exist.');
    expect(error.hint).toBe('Create it (mkdir -p db/migrations) or change `migrations_dir` in confiture.yaml.');
    expect(error.configPath).toBe('migrations_dir');
  });

  it('rejects a file where a directory is expected', async () => {
    const root = await tempDir();
    await writeFile(join(root, 'schema'), '');
    const error = await caught(() => assertDirectory(join(root, 'schema'), 'schema directory', { root, hint: 'Custom advice.' }));
    expect(error.message).toBe('The schema directory schema is not a directory.');
    expect(error.hint).toBe('Custom advice.');
  });
});
