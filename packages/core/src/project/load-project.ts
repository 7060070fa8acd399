import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { resolveDatabaseUrl, type DatabaseResolution, type DatabaseUrlSetting } from '../config/database-url.js';
import { parseDuration } from '../config/duration.js';
import { configIssuesError, where, type ConfigIssue, type ConfigLocation, type PathSegment } from '../config/issues.js';
import { layeredLocator, mergeConfig } from '../config/merge.js';
import { CONFIG_DEFAULTS, RESERVED_SECTIONS, type ConfitureConfig, type ReservedSectionName } from '../config/schema.js';
import { validateConfigSource } from '../config/validate-config.js';
import { validateWithLocator } from '../config/validate-yaml.js';
import { parseYamlWithPositions, type LocateTarget, type Locator, type YamlSource } from '../config/yaml-source.js';
import { ConfitureError, isConfitureError } from '../errors.js';
import { environmentFilePath } from './environments.js';
import { findConfigFile } from './find-config.js';
import { displayPath } from './paths.js';
import { ENVIRONMENTS_DIR, type ConfigSection, type ConfigWarning, type Project } from './project.js';

/** Options of {@link loadProject}. */
export interface LoadProjectOptions {
  /** Where to start looking for confiture.yaml (upwards). Defaults to `process.cwd()`. */
  readonly cwd?: string;
  /** `--config`: a config file anywhere (its directory becomes the root), or a project directory. */
  readonly configFile?: string | undefined;
  /** `--env`: the environment whose file overrides confiture.yaml. Defaults to CONFITURE_ENV. */
  readonly env?: string | undefined;
  /** `--database-url`: wins over every other source. */
  readonly databaseUrl?: string | undefined;
  /** Environment variables (CONFITURE_ENV, CONFITURE_DATABASE_URL, DATABASE_URL, `${VAR}`). Defaults to `process.env`. */
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
}

async function readSource(path: string, shown: string): Promise<YamlSource> {
  try {
    return parseYamlWithPositions(await readFile(path, 'utf8'), shown);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new ConfitureError({
      code: code === 'ENOENT' ? 'CONFITURE_CONFIG_NOT_FOUND' : 'CONFITURE_CONFIG_INVALID',
      message: `${shown} cannot be read (${code ?? String(cause)}).`,
      hint: 'Check that the file exists and that you may read it.',
      location: { file: shown },
      cause,
    });
  }
}

/** A URL with a literal password in a committed file is a leak waiting to happen. */
function plainPasswordWarning(source: YamlSource, config: ConfitureConfig): ConfigWarning | undefined {
  const url = config.database_url;
  if (url === undefined) return undefined;
  const password = /^[a-z]+:\/\/[^/@?#]*?:([^@/?#]*)@/i.exec(url)?.[1] ?? /[?&]password=([^&]*)/i.exec(url)?.[1];
  if (password === undefined || password === '' || password.includes('${')) return undefined;
  const location = source.locate(['database_url']);
  return {
    message: `database_url in ${where(location)} contains a password. Read it from the environment instead: postgres://user:\${DB_PASSWORD}@host/db, or set CONFITURE_DATABASE_URL.`,
    path: 'database_url',
    location,
  };
}

function urlSetting(source: YamlSource | undefined, config: ConfitureConfig | undefined): DatabaseUrlSetting | undefined {
  if (source === undefined || config?.database_url === undefined) return undefined;
  return { value: config.database_url, location: (needle) => source.locate(['database_url'], { needle }) };
}

function durationMs(value: string | number | undefined): number | null {
  return value === undefined ? null : (parseDuration(value) ?? null);
}

function makeSection(name: ReservedSectionName, value: unknown, locator: Locator): ConfigSection {
  return Object.freeze({
    name,
    value,
    locate: (path: readonly PathSegment[] = [], options: { readonly target?: LocateTarget } = {}) =>
      locator.locate([name, ...path], options.target === undefined ? {} : { target: options.target }),
    validate: <S extends Parameters<ConfigSection['validate']>[0]>(schema: S) => validateWithLocator(schema, value, locator, { pathPrefix: [name] }),
  });
}

/**
 * Finds and loads confiture.yaml (and `db/environments/<env>.yaml` when an environment is
 * selected), validates both, merges them, applies defaults and returns a frozen
 * {@link Project}. Every problem in both files is reported at once in a single
 * `CONFITURE_CONFIG_INVALID` whose `details.issues` lists them.
 *
 * @example
 * ```ts
 * const project = await loadProject({ cwd: process.cwd(), env: 'production' });
 * project.migrationsDir;        // '/srv/app/db/migrations'
 * project.database?.sourceLabel; // 'database_url in db/environments/production.yaml:1:15'
 * project.sections.lint.validate(lintSchema);
 * ```
 */
export async function loadProject(options: LoadProjectOptions = {}): Promise<Project> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const processEnv = options.processEnv ?? process.env;
  const configFile = await findConfigFile(cwd, options.configFile);
  const root = dirname(configFile);
  const show = (path: string): string => displayPath(root, path);

  const baseSource = await readSource(configFile, show(configFile));
  const baseResult = validateConfigSource(baseSource, 'config');

  const fromEnvVar = processEnv.CONFITURE_ENV;
  const env = options.env ?? (fromEnvVar !== undefined && fromEnvVar !== '' ? fromEnvVar : undefined);
  let envSource: YamlSource | undefined;
  let envResult: ReturnType<typeof validateConfigSource> | undefined;
  let environmentFile: string | null = null;
  if (env !== undefined) {
    environmentFile = await environmentFilePath(root, env, options.env !== undefined ? '--env' : 'CONFITURE_ENV');
    envSource = await readSource(environmentFile, show(environmentFile));
    envResult = validateConfigSource(envSource, 'environment');
  }

  const issues: ConfigIssue[] = [...(baseResult.ok ? [] : baseResult.issues), ...(envResult === undefined || envResult.ok ? [] : envResult.issues)];
  if (!baseResult.ok || (envResult !== undefined && !envResult.ok)) throw configIssuesError(issues);

  const base = baseResult.config;
  const override = envResult?.ok ? envResult.config : undefined;
  const config = Object.freeze(mergeConfig(base, override));
  const locator = layeredLocator(envSource === undefined ? [baseSource] : [envSource, baseSource]);

  const warnings = [plainPasswordWarning(baseSource, base), envSource && override ? plainPasswordWarning(envSource, override) : undefined].filter(
    (warning): warning is ConfigWarning => warning !== undefined,
  );

  const abs = (path: string): string => resolve(root, path);
  let database: DatabaseResolution | null | undefined;
  const resolveDatabase = (): DatabaseResolution | null => {
    if (database === undefined) {
      database = resolveDatabaseUrl({
        flag: options.databaseUrl,
        processEnv,
        environmentFile: urlSetting(envSource, override),
        configFile: urlSetting(baseSource, base),
      });
      if (database !== null) Object.freeze(database);
    }
    return database;
  };

  const sections = Object.freeze(
    Object.fromEntries(RESERVED_SECTIONS.map((name) => [name, makeSection(name, config[name], locator)])) as Record<ReservedSectionName, ConfigSection>,
  );

  const project: Project = {
    root,
    configFile,
    env: env ?? null,
    environmentFile,
    environmentsDir: abs(ENVIRONMENTS_DIR),
    schemaDirs: Object.freeze((config.schema_dirs ?? CONFIG_DEFAULTS.schema_dirs).map(abs)),
    migrationsDir: abs(config.migrations_dir ?? CONFIG_DEFAULTS.migrations_dir),
    trackingTable: config.tracking_table ?? CONFIG_DEFAULTS.tracking_table,
    lockWaitTimeoutMs: durationMs(config.migrate?.lock_wait_timeout ?? CONFIG_DEFAULTS.migrate.lock_wait_timeout) ?? 30_000,
    statementTimeoutMs: durationMs(config.migrate?.statement_timeout),
    lockTimeoutMs: durationMs(config.migrate?.lock_timeout),
    embeddedDataDir: abs(config.embedded?.data_dir ?? CONFIG_DEFAULTS.embedded.data_dir),
    get database() {
      return resolveDatabase();
    },
    config,
    sections,
    warnings: Object.freeze(warnings),
    locate: (path: readonly PathSegment[]): ConfigLocation => locator.locate(path),
    displayPath: show,
    toJSON() {
      let db: Record<string, unknown> | null;
      try {
        const resolved = resolveDatabase();
        db = resolved === null ? null : { redactedUrl: resolved.redactedUrl, source: resolved.source, sourceLabel: resolved.sourceLabel };
      } catch (error) {
        db = { error: isConfitureError(error) ? error.code : 'CONFITURE_INTERNAL' };
      }
      return {
        root,
        configFile,
        env: env ?? null,
        environmentFile,
        schemaDirs: [...this.schemaDirs],
        migrationsDir: this.migrationsDir,
        trackingTable: this.trackingTable,
        lockWaitTimeoutMs: this.lockWaitTimeoutMs,
        statementTimeoutMs: this.statementTimeoutMs,
        lockTimeoutMs: this.lockTimeoutMs,
        embeddedDataDir: this.embeddedDataDir,
        database: db,
        sections: RESERVED_SECTIONS.filter((name) => config[name] !== undefined),
        warnings: warnings.map((warning) => warning.message),
      };
    },
  };
  return Object.freeze(project);
}

