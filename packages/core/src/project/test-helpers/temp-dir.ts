import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

/**
 * Temporary directories filled with the given files, removed after each test.
 * Paths are real paths so they compare equal to what the loader resolves.
 */
export function useTempDirs(): (files?: Record<string, string>) => Promise<string> {
  const created: string[] = [];
  afterEach(async () => {
    await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async (files = {}) => {
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'confiture-config-')));
    created.push(dir);
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    return dir;
  };
}

/** Runs `action` and returns what it threw, failing the test when it does not throw. */
export async function caught(action: () => unknown): Promise<any> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}
