import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { closestMatch } from '../config/did-you-mean.js';
import { ConfitureError } from '../errors.js';
import { ENVIRONMENTS_DIR } from './project.js';

const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * Names of the environments a project defines (`db/environments/<name>.yaml`), sorted.
 *
 * @example
 * ```ts
 * await listEnvironments(project.root); // ['development', 'production']
 * ```
 */
export async function listEnvironments(root: string): Promise<string[]> {
  try {
    const entries = await readdir(join(root, ENVIRONMENTS_DIR), { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && entry.name.endsWith('.yaml'))
      .map((entry) => entry.name.slice(0, -'.yaml'.length))
      .sort();
  } catch {
    return [];
  }
}

/** Checks an environment name and returns its file; throws when the name or file is wrong. */
export async function environmentFilePath(root: string, env: string, selectedBy: string): Promise<string> {
  if (!ENV_NAME.test(env)) {
    throw new ConfitureError({
      code: 'CONFITURE_USAGE',
      message: `Environment name \`${env}\` (from ${selectedBy}) is not valid: use letters, digits, '.', '_' and '-'.`,
      hint: `Environment names are file names in ${ENVIRONMENTS_DIR}/, such as development or production.`,
    });
  }
  const file = join(root, ENVIRONMENTS_DIR, `${env}.yaml`);
  const available = await listEnvironments(root);
  if (available.includes(env)) return file;
  const expected = `${ENVIRONMENTS_DIR}/${env}.yaml`;
  // `prod` for `production` is an abbreviation, not a typo: a unique prefix counts too.
  const byPrefix = available.filter((name) => name.startsWith(env));
  const close = closestMatch(env, available) ?? (byPrefix.length === 1 ? byPrefix[0] : undefined);
  throw new ConfitureError({
    code: 'CONFITURE_CONFIG_NOT_FOUND',
    message: `Environment \`${env}\` (from ${selectedBy}) has no file: expected ${expected}. ${
      available.length === 0 ? `No environment files exist in ${ENVIRONMENTS_DIR}/.` : `Environments defined: ${available.join(', ')}.`
    }`,
    hint: `${close === undefined ? '' : `Did you mean \`${close}\`? `}Create ${expected} (it may be empty) or choose a listed environment.`,
    details: { environment: env, expected: file, available },
  });
}
