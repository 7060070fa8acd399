import type { z } from 'zod';
import type { DatabaseResolution } from '../config/database-url.js';
import type { ConfigLocation, PathSegment } from '../config/issues.js';
import type { ConfitureConfig, ReservedSectionName } from '../config/schema.js';
import type { ValidationResult } from '../config/validate-yaml.js';
import type { LocateTarget } from '../config/yaml-source.js';

/**
 * The name of the project config file.
 *
 * @example
 * ```ts
 * path.join(root, CONFIG_FILE_NAME); // '/srv/app/confiture.yaml'
 * ```
 */
export const CONFIG_FILE_NAME = 'confiture.yaml';

/**
 * Where environment files live, relative to the project root.
 *
 * @example
 * ```ts
 * `${ENVIRONMENTS_DIR}/production.yaml`; // 'db/environments/production.yaml'
 * ```
 */
export const ENVIRONMENTS_DIR = 'db/environments';

/**
 * A section of confiture.yaml owned by another package (`lint`, `hooks`, ...), merged with
 * the environment file's, with the means to report errors at the right `file:line:column`.
 */
export interface ConfigSection {
  readonly name: ReservedSectionName;
  /** The merged value as written (no interpolation); undefined when no file sets it. */
  readonly value: unknown;
  /**
   * Where a key path inside the section is written (`[]` for the section itself), in the
   * environment file when it sets that key, otherwise in confiture.yaml. Points at the value by
   * default; `{ target: 'key' }` points at the key instead, for errors about the key itself
   * (an unknown rule id under `lint.rules`, say).
   *
   * @example
   * ```ts
   * // confiture.yaml, line 3: "    orphan-table: off"
   * project.sections.lint.locate(['rules', 'orphan-table']);                    // { file: 'confiture.yaml', line: 3, column: 19 }
   * project.sections.lint.locate(['rules', 'orphan-table'], { target: 'key' }); // { file: 'confiture.yaml', line: 3, column: 5 }
   * ```
   */
  locate(path?: readonly PathSegment[], options?: { readonly target?: LocateTarget }): ConfigLocation;
  /**
   * Validates the section with the owner's zod schema; issues carry full key paths
   * (`lint.rules.x`), positions and did-you-mean suggestions.
   */
  validate<S extends z.ZodType>(schema: S): ValidationResult<z.output<S>>;
}

/** Something worth telling the user that does not stop the command. */
export interface ConfigWarning {
  readonly message: string;
  readonly path: string;
  readonly location: ConfigLocation;
}

/**
 * A loaded Confiture project: settings resolved with defaults, paths absolute, frozen.
 * Map it onto the options of the build and migrate functions.
 */
export interface Project {
  /** Absolute directory of the config file; config paths are relative to it. */
  readonly root: string;
  /** Absolute path of confiture.yaml. */
  readonly configFile: string;
  /** Selected environment (`--env` or CONFITURE_ENV), or null. */
  readonly env: string | null;
  /** Absolute path of the selected environment file, or null. */
  readonly environmentFile: string | null;
  /** Absolute directory of environment files. */
  readonly environmentsDir: string;
  /** Absolute schema directories, in order. */
  readonly schemaDirs: readonly string[];
  /** Absolute migrations directory. */
  readonly migrationsDir: string;
  /** As written, possibly schema-qualified: `confiture_migrations`, `ops.confiture_migrations`. */
  readonly trackingTable: string;
  /** How long a migration run waits for another run's lock. */
  readonly lockWaitTimeoutMs: number;
  /** `statement_timeout` for migrations, or null to keep the server's. */
  readonly statementTimeoutMs: number | null;
  /** `lock_timeout` for migrations, or null to keep the server's. */
  readonly lockTimeoutMs: number | null;
  /** Absolute data directory of the embedded database. */
  readonly embeddedDataDir: string;
  /**
   * The database to use, or null for the embedded one. Resolved on first read, so a missing
   * `${VAR}` in a database_url that is not needed (a higher-precedence source wins, or the
   * command never reads this) is not an error; reading it throws `CONFITURE_ENV_VAR_MISSING`
   * when the winning value needs an unset variable.
   */
  readonly database: DatabaseResolution | null;
  /** confiture.yaml merged with the environment file, as written (no defaults, no interpolation). */
  readonly config: ConfitureConfig;
  /** Sections validated by other packages. */
  readonly sections: Readonly<Record<ReservedSectionName, ConfigSection>>;
  readonly warnings: readonly ConfigWarning[];
  /** Where a key path of the merged config is written (environment file first). */
  locate(path: readonly PathSegment[]): ConfigLocation;
  /** A path for messages: relative to the root when inside it. */
  displayPath(path: string): string;
  /** A JSON view without secrets (the database URL is redacted). */
  toJSON(): Record<string, unknown>;
}
