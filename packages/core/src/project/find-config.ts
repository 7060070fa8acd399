import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ConfitureError } from '../errors.js';
import { CONFIG_FILE_NAME } from './project.js';

async function kind(path: string): Promise<'file' | 'directory' | undefined> {
  try {
    const stats = await stat(path);
    return stats.isDirectory() ? 'directory' : 'file';
  } catch {
    return undefined;
  }
}

/**
 * The config file to load: `--config` (a file, or a directory holding confiture.yaml), else
 * the first confiture.yaml found from `cwd` upwards, like git finds its repository.
 */
export async function findConfigFile(cwd: string, explicit: string | undefined): Promise<string> {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit);
    const found = await kind(path);
    if (found === 'file') return path;
    if (found === 'directory' && (await kind(join(path, CONFIG_FILE_NAME))) === 'file') return join(path, CONFIG_FILE_NAME);
    const shown = found === 'directory' ? join(path, CONFIG_FILE_NAME) : path;
    throw new ConfitureError({
      code: 'CONFITURE_CONFIG_NOT_FOUND',
      message: `The config file ${shown} (given with --config) does not exist.`,
      hint: `Check the path, or run \`confiture init ${found === 'directory' ? path : dirname(path)}\` to create a project there.`,
      details: { path: shown },
    });
  }
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if ((await kind(candidate)) === 'file') return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const misnamed = (await kind(join(cwd, 'confiture.yml'))) === 'file';
  throw new ConfitureError({
    code: 'CONFITURE_CONFIG_NOT_FOUND',
    message: `No ${CONFIG_FILE_NAME} in ${resolve(cwd)} or any parent directory.`,
    hint: misnamed
      ? `Found confiture.yml: rename it to ${CONFIG_FILE_NAME}, or pass --config confiture.yml.`
      : 'Run `confiture init` to create a project here, or pass --config <path to confiture.yaml>.',
    details: { cwd: resolve(cwd) },
  });
}
