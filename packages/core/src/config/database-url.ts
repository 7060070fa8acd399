import { isParsableUrl, redactUrl } from '../connection/url.js';
import { ConfitureError } from '../errors.js';
import { interpolateEnv, templateVariables } from './interpolate.js';
import { where, type ConfigLocation } from './issues.js';

/** Where the database URL came from, highest precedence first. */
export type DatabaseUrlSource = 'flag' | 'CONFITURE_DATABASE_URL' | 'environment-file' | 'config-file' | 'DATABASE_URL';

/** The database a command will use. */
export interface DatabaseResolution {
  /** The URL to connect with. Contains the password: never print it, print `redactedUrl`. */
  readonly url: string;
  /** The URL with its password replaced by `***`. */
  readonly redactedUrl: string;
  readonly source: DatabaseUrlSource;
  /** The source for people: `--database-url`, `database_url in db/environments/production.yaml:1:15`, ... */
  readonly sourceLabel: string;
  /** Where the value is written, for the two file sources. */
  readonly location?: ConfigLocation;
}

/** A `database_url` value read from a YAML file, before interpolation. */
export interface DatabaseUrlSetting {
  readonly value: string;
  /** Its position; a function receives a piece of the value (`${DB_URL`) to point at its exact column. */
  readonly location: ConfigLocation | ((needle: string) => ConfigLocation);
}

/** Inputs of {@link resolveDatabaseUrl}, in precedence order. */
export interface ResolveDatabaseUrlOptions {
  /** `--database-url` on the command line. */
  readonly flag?: string | undefined;
  /** Reads CONFITURE_DATABASE_URL, DATABASE_URL and the `${VAR}` of the file values; defaults to `process.env`. */
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
  /** `database_url` of the selected environment file. */
  readonly environmentFile?: DatabaseUrlSetting | undefined;
  /** `database_url` of confiture.yaml. */
  readonly configFile?: DatabaseUrlSetting | undefined;
}

const SCHEME = /^postgres(ql)?:\/\//i;

function locationOf(setting: DatabaseUrlSetting): ConfigLocation {
  return typeof setting.location === 'function' ? setting.location('') : setting.location;
}

function checked(url: string, source: DatabaseUrlSource, sourceLabel: string, location?: ConfigLocation): DatabaseResolution {
  const redactedUrl = redactUrl(url);
  if (!SCHEME.test(url.trim())) {
    throw new ConfitureError({
      code: source === 'flag' ? 'CONFITURE_USAGE' : 'CONFITURE_CONFIG_INVALID',
      message: `The database URL from ${sourceLabel} is not a PostgreSQL URL: ${redactedUrl}.`,
      hint: 'Write it as postgres://user@host:5432/database (the password can come from ${VAR} or PGPASSWORD).',
      ...(location === undefined ? {} : { location, configPath: 'database_url' }),
      details: { source },
    });
  }
  if (!isParsableUrl(url.trim())) {
    throw new ConfitureError({
      code: source === 'flag' ? 'CONFITURE_USAGE' : 'CONFITURE_CONFIG_INVALID',
      message: `The database URL from ${sourceLabel} cannot be parsed: ${redactedUrl}.`,
      hint: 'Check the port (a number up to 65535) and percent-encode special characters of the user name and password: / as %2F, # as %23, ? as %3F, @ as %40, : as %3A.',
      ...(location === undefined ? {} : { location, configPath: 'database_url' }),
      details: { source },
    });
  }
  return { url: url.trim(), redactedUrl, source, sourceLabel, ...(location === undefined ? {} : { location }) };
}

function fromFile(setting: DatabaseUrlSetting, source: DatabaseUrlSource, env: Readonly<Record<string, string | undefined>>): DatabaseResolution | undefined {
  const location = locationOf(setting);
  const url = interpolateEnv(setting.value, {
    processEnv: env,
    configPath: 'database_url',
    location: setting.location,
    hint: `Set ${templateVariables(setting.value).join(', ') || 'the variable'} in the environment, write a default (\`\${NAME:-value}\`), or pass --database-url.`,
  });
  // `${URL:-}` resolving to nothing means "not set here": the next source decides.
  if (url.trim() === '') return undefined;
  return checked(url, source, `database_url in ${where(location)}`, location);
}

/**
 * Picks the database URL by precedence: the `--database-url` flag, then
 * CONFITURE_DATABASE_URL, then `database_url` of the environment file, then of
 * confiture.yaml, then DATABASE_URL. Returns null when none gives one, which means: use the
 * embedded database. Only the winning file value is interpolated, so a `${VAR}` in a
 * lower-precedence file does not need its variable set. Empty environment variables count
 * as unset.
 *
 * @example
 * ```ts
 * const db = resolveDatabaseUrl({ flag: undefined, processEnv: { DATABASE_URL: 'postgres://app:pw@db/app' } });
 * db?.redactedUrl;  // 'postgres://app:***@db/app'
 * db?.sourceLabel;  // 'the DATABASE_URL environment variable'
 * ```
 */
export function resolveDatabaseUrl(options: ResolveDatabaseUrlOptions): DatabaseResolution | null {
  const env = options.processEnv ?? process.env;
  if (options.flag !== undefined) {
    if (options.flag.trim() === '') {
      throw new ConfitureError({
        code: 'CONFITURE_USAGE',
        message: '--database-url was given an empty value.',
        hint: 'Pass a URL such as postgres://user@host:5432/database, or leave the flag out to use the configured database.',
      });
    }
    return checked(options.flag, 'flag', '--database-url');
  }
  const fromEnv = env.CONFITURE_DATABASE_URL;
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return checked(fromEnv, 'CONFITURE_DATABASE_URL', 'the CONFITURE_DATABASE_URL environment variable');
  }
  if (options.environmentFile !== undefined) {
    const resolved = fromFile(options.environmentFile, 'environment-file', env);
    if (resolved !== undefined) return resolved;
  }
  if (options.configFile !== undefined) {
    const resolved = fromFile(options.configFile, 'config-file', env);
    if (resolved !== undefined) return resolved;
  }
  const fallback = env.DATABASE_URL;
  if (fallback !== undefined && fallback.trim() !== '') {
    return checked(fallback, 'DATABASE_URL', 'the DATABASE_URL environment variable');
  }
  return null;
}
