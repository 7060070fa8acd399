/**
 * Where an error happened: a file position, a key path in a config file, or both.
 */
export interface SourceLocation {
  /** Path of the file, relative to the project root when it is inside it. */
  readonly file?: string;
  /** 1-based line. */
  readonly line?: number;
  /** 1-based column. */
  readonly column?: number;
}

/**
 * How the CLI should treat an error: `usage`, `config` and `connection` errors exit with 2
 * (the user must change how they call Confiture), `operation` errors exit with 1
 * (Confiture ran and something in the database work failed), `internal` means a bug.
 */
export type ErrorCategory = 'usage' | 'config' | 'connection' | 'operation' | 'internal';

/**
 * Stable error codes. They are part of the public interface: scripts may match on them.
 * Packages add their own codes here so the whole family stays in one table.
 */
export const ERROR_CODES = {
  CONFITURE_USAGE: 'usage',
  CONFITURE_CONFIG_NOT_FOUND: 'config',
  CONFITURE_CONFIG_INVALID: 'config',
  CONFITURE_ENV_VAR_MISSING: 'config',
  CONFITURE_DIRECTORY_MISSING: 'config',
  CONFITURE_FILE_NOT_FOUND: 'usage',
  CONFITURE_CONNECTION_FAILED: 'connection',
  CONFITURE_DRIVER_MISSING: 'connection',
  CONFITURE_BUILD_FAILED: 'operation',
  CONFITURE_SQL_SYNTAX: 'operation',
  CONFITURE_MIGRATION_INVALID_NAME: 'config',
  CONFITURE_MIGRATION_DUPLICATE_VERSION: 'config',
  CONFITURE_MIGRATION_NOT_FOUND: 'usage',
  CONFITURE_MIGRATION_FAILED: 'operation',
  CONFITURE_MIGRATION_DRIFT: 'operation',
  CONFITURE_MIGRATION_NO_DOWN: 'operation',
  CONFITURE_LOCK_TIMEOUT: 'operation',
  CONFITURE_DRY_RUN_REFUSED: 'operation',
  CONFITURE_DRY_RUN_FAILED: 'operation',
  CONFITURE_LINT_CONFIG_INVALID: 'config',
  CONFITURE_LINT_RULE_INVALID: 'config',
  CONFITURE_INTERNAL: 'internal',
  CONFITURE_LINT_SNAPSHOT_FAILED: 'operation',
  CONFITURE_LINT_RULE_FAILED: 'operation',
  CONFITURE_DRY_RUN_IN_TRANSACTION: 'usage',
  CONFITURE_DRY_RUN_ABORTED: 'operation',
  CONFITURE_EMBEDDED_INCOMPLETE: 'operation',
} as const satisfies Record<string, ErrorCategory>;

/** A code from {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Options accepted by the {@link ConfitureError} constructor. */
export interface ConfitureErrorOptions {
  readonly code: ErrorCode;
  /** What went wrong, written for the person running the command. */
  readonly message: string;
  /** How to fix it. */
  readonly hint?: string;
  /** Where it happened in a file. */
  readonly location?: SourceLocation;
  /** Dotted key path inside a config file, e.g. `lint.rules.missing-fk-index.severity`. */
  readonly configPath?: string;
  /** Overrides the category implied by the code. */
  readonly category?: ErrorCategory;
  /** Extra machine-readable facts (never secrets). */
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/**
 * The one error type every Confiture library throws. Libraries never print or exit;
 * the CLI turns these into a paragraph and an exit code.
 *
 * @example
 * ```ts
 * try {
 *   await migrateUp(connection, project);
 * } catch (error) {
 *   if (isConfitureError(error) && error.code === 'CONFITURE_MIGRATION_DRIFT') {
 *     // an applied migration file was edited
 *   }
 * }
 * ```
 */
export class ConfitureError extends Error {
  readonly code: ErrorCode;
  readonly category: ErrorCategory;
  readonly hint: string | undefined;
  readonly location: SourceLocation | undefined;
  readonly configPath: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(options: ConfitureErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConfitureError';
    this.code = options.code;
    this.category = options.category ?? ERROR_CODES[options.code];
    this.hint = options.hint;
    this.location = options.location;
    this.configPath = options.configPath;
    this.details = options.details;
  }

  /** `file:line:column` (or the parts known), or undefined when there is no file. */
  get where(): string | undefined {
    return formatLocation(this.location);
  }

  /** A JSON-safe view, for `--format json` error output. */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      category: this.category,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.location === undefined ? {} : { location: this.location }),
      ...(this.configPath === undefined ? {} : { configPath: this.configPath }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

/**
 * Type guard that also recognizes errors from another copy of this package
 * (two installed versions), by shape rather than by class identity.
 */
export function isConfitureError(value: unknown): value is ConfitureError {
  if (value instanceof ConfitureError) return true;
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === 'ConfitureError' &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

/**
 * Formats a location as `file:line:column`, dropping the parts that are unknown.
 *
 * @example
 * ```ts
 * formatLocation({ file: 'db/schema/users.sql', line: 3, column: 7 }); // 'db/schema/users.sql:3:7'
 * ```
 */
export function formatLocation(location: SourceLocation | undefined): string | undefined {
  if (!location?.file) return undefined;
  let out = location.file;
  if (location.line !== undefined) {
    out += `:${location.line}`;
    if (location.column !== undefined) out += `:${location.column}`;
  }
  return out;
}
