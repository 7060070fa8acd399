import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { JSON_SCHEMA_FILES } from '../config/json-schema.js';
import { ConfitureError } from '../errors.js';
import { CONFIG_FILE_NAME, ENVIRONMENTS_DIR } from './project.js';
import {
  configYaml,
  developmentYaml,
  EXTENSIONS_SQL,
  GITIGNORE_LINE,
  INITIAL_DOWN_SQL,
  INITIAL_UP_SQL,
  productionYaml,
  USERS_SQL,
  type SchemaRefs,
} from './templates.js';

/** Options of {@link initProject}. */
export interface InitProjectOptions {
  /** Overwrite files that already exist. */
  readonly force?: boolean;
  /** Clock for the initial migration's version; defaults to now. */
  readonly now?: Date;
}

/** One file written by {@link initProject}. */
export interface InitProjectFile {
  /** Relative to the project directory, forward slashes. */
  readonly path: string;
  readonly action: 'created' | 'overwritten' | 'updated';
}

/** Result of {@link initProject}. */
export interface InitProjectResult {
  /** Absolute project directory. */
  readonly root: string;
  readonly files: readonly InitProjectFile[];
}

const MIGRATIONS_DIR = 'db/migrations';

/** `YYYYMMDDHHMMSS` in UTC: the migration version format shared with the migrator. */
function migrationVersion(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

function posixRelative(from: string, to: string): string {
  const rel = relative(from, to).split(sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** The installed copy of @confiture/core's schemas when the project can see one, else the published one. */
async function schemaRefs(root: string): Promise<SchemaRefs> {
  for (let dir = root; ; dir = dirname(dir)) {
    const schemaDir = join(dir, 'node_modules', '@confiture', 'core', 'schema');
    if (await exists(join(schemaDir, JSON_SCHEMA_FILES.config))) {
      return {
        config: posixRelative(root, join(schemaDir, JSON_SCHEMA_FILES.config)),
        environment: posixRelative(join(root, ENVIRONMENTS_DIR), join(schemaDir, JSON_SCHEMA_FILES.environment)),
      };
    }
    if (dirname(dir) === dir) break;
  }
  const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const base = `https://unpkg.com/@confiture/core@${manifest.version}/schema`;
  return { config: `${base}/${JSON_SCHEMA_FILES.config}`, environment: `${base}/${JSON_SCHEMA_FILES.environment}` };
}

/** The version of an existing `<version>_initial.up.sql`, so a forced re-init rewrites it instead of adding a second one. */
async function existingMigrations(root: string): Promise<{ initialVersion: string | undefined; files: string[] }> {
  let names: string[] = [];
  try {
    names = await readdir(join(root, MIGRATIONS_DIR));
  } catch {
    return { initialVersion: undefined, files: [] };
  }
  const files = names.filter((name) => /^\d+_.+\.(up|down)\.sql$/.test(name)).sort();
  const initial = files.map((name) => /^(\d+)_initial\.up\.sql$/.exec(name)?.[1]).find((version) => version !== undefined);
  return { initialVersion: initial, files: files.map((name) => `${MIGRATIONS_DIR}/${name}`) };
}

/**
 * Creates a Confiture project in `dir` (created if needed): a commented confiture.yaml that
 * points editors at the JSON Schema, example DDL in db/schema, an initial migration pair,
 * development and production environment files, and `.confiture/` in .gitignore. Refuses
 * (`CONFITURE_USAGE`) when any of these files or any migration already exists, unless
 * `force`, and then writes nothing.
 *
 * @example
 * ```ts
 * const { files } = await initProject('./my-app');
 * files.map((file) => file.path); // ['confiture.yaml', 'db/schema/00_extensions.sql', ...]
 * ```
 */
export async function initProject(dir: string, options: InitProjectOptions = {}): Promise<InitProjectResult> {
  const root = resolve(dir);
  if ((await exists(root)) && !(await stat(root)).isDirectory()) {
    throw new ConfitureError({
      code: 'CONFITURE_USAGE',
      message: `Cannot create a project in ${root}: it is a file.`,
      hint: 'Pass a directory (it is created when missing).',
    });
  }

  const migrations = await existingMigrations(root);
  const version = migrations.initialVersion ?? migrationVersion(options.now ?? new Date());
  const refs = await schemaRefs(root);
  const planned: Array<{ path: string; content: string }> = [
    { path: CONFIG_FILE_NAME, content: configYaml(refs) },
    { path: 'db/schema/00_extensions.sql', content: EXTENSIONS_SQL },
    { path: 'db/schema/10_users.sql', content: USERS_SQL },
    { path: `${MIGRATIONS_DIR}/${version}_initial.up.sql`, content: INITIAL_UP_SQL },
    { path: `${MIGRATIONS_DIR}/${version}_initial.down.sql`, content: INITIAL_DOWN_SQL },
    { path: `${ENVIRONMENTS_DIR}/development.yaml`, content: developmentYaml(refs) },
    { path: `${ENVIRONMENTS_DIR}/production.yaml`, content: productionYaml(refs) },
  ];

  const present = new Set<string>(migrations.files);
  for (const file of planned) if (await exists(join(root, file.path))) present.add(file.path);
  if (present.size > 0 && options.force !== true) {
    const listed = [...present].sort();
    throw new ConfitureError({
      code: 'CONFITURE_USAGE',
      message: `${root} already holds a Confiture project (or part of one): ${listed.join(', ')}.`,
      hint: 'Nothing was written. Pass --force to overwrite these files, or choose another directory.',
      details: { existing: listed },
    });
  }

  const files: InitProjectFile[] = [];
  for (const file of planned) {
    const target = join(root, file.path);
    await mkdir(dirname(target), { recursive: true });
    const existed = present.has(file.path);
    await writeFile(target, file.content, { flag: existed ? 'w' : 'wx' });
    files.push({ path: file.path, action: existed ? 'overwritten' : 'created' });
  }

  const gitignore = join(root, '.gitignore');
  const current = await readIfExists(gitignore);
  const ignored = current?.split(/\r?\n/).some((line) => ['.confiture', '.confiture/', '/.confiture', '/.confiture/'].includes(line.trim())) ?? false;
  if (!ignored) {
    const prefix = current === undefined || current === '' || current.endsWith('\n') ? '' : '\n';
    await writeFile(gitignore, `${current ?? ''}${prefix}${GITIGNORE_LINE}\n`);
    files.push({ path: '.gitignore', action: current === undefined ? 'created' : 'updated' });
  }
  return { root, files };
}
