import { stat } from 'node:fs/promises';
import { ConfitureError } from '../errors.js';
import { displayPath } from './paths.js';

/** Options of {@link assertDirectory}. */
export interface AssertDirectoryOptions {
  /** Project root, to show the path relative to it. */
  readonly root?: string;
  /** The confiture.yaml key that sets this path, to mention in the hint (`migrations_dir`). */
  readonly configKey?: string;
  /** Replaces the default hint. */
  readonly hint?: string;
}

/**
 * Throws `CONFITURE_DIRECTORY_MISSING` unless `path` is an existing directory. Loading a
 * project does not require its directories; commands that read them call this first.
 *
 * @example
 * ```ts
 * await assertDirectory(project.migrationsDir, 'migrations directory', { root: project.root, configKey: 'migrations_dir' });
 * // The migrations directory db/migrations does not exist.
 * // hint: Create it (mkdir -p db/migrations) or change `migrations_dir` in confiture.yaml.
 * ```
 */
export async function assertDirectory(path: string, what: string, options: AssertDirectoryOptions = {}): Promise<void> {
  const shown = options.root === undefined ? path : displayPath(options.root, path);
  let problem: string | undefined;
  try {
    const stats = await stat(path);
    if (!stats.isDirectory()) problem = 'is not a directory';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problem = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code ?? String(error)})`;
  }
  if (problem === undefined) return;
  const change = options.configKey === undefined ? '' : ` or change \`${options.configKey}\` in confiture.yaml`;
  throw new ConfitureError({
    code: 'CONFITURE_DIRECTORY_MISSING',
    message: `The ${what} ${shown} ${problem}.`,
    hint: options.hint ?? `Create it (mkdir -p ${shown})${change}.`,
    ...(options.configKey === undefined ? {} : { configPath: options.configKey }),
    details: { path },
  });
}
