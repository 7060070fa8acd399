import { z } from 'zod';
import { durationSchema } from './duration.js';
import { templateError, templateLead } from './interpolate.js';

/**
 * Sections that other packages own: kept as written here, validated by those packages.
 *
 * @example
 * ```ts
 * RESERVED_SECTIONS.includes('lint'); // true
 * ```
 */
export const RESERVED_SECTIONS = ['hooks', 'lint', 'anonymization', 'sync', 'dry_run'] as const;

/** Name of a section validated by another package. */
export type ReservedSectionName = (typeof RESERVED_SECTIONS)[number];

/**
 * Values used for settings neither confiture.yaml nor the environment file sets.
 *
 * @example
 * ```ts
 * CONFIG_DEFAULTS.migrations_dir; // 'db/migrations'
 * ```
 */
export const CONFIG_DEFAULTS = {
  schema_dirs: ['db/schema'],
  migrations_dir: 'db/migrations',
  tracking_table: 'confiture_migrations',
  migrate: { lock_wait_timeout: '30s' },
  embedded: { data_dir: '.confiture/embedded' },
} as const;

const IDENTIFIER = '[a-z_][a-z0-9_]{0,62}';
const TRACKING_TABLE = new RegExp(`^(${IDENTIFIER}\\.)?${IDENTIFIER}$`);
const URL_SCHEMES = ['postgres://', 'postgresql://'];

function plausibleUrlStart(lead: string): boolean {
  return URL_SCHEMES.some((scheme) => lead.startsWith(scheme) || scheme.startsWith(lead));
}

const SECTION_OWNERS: Record<ReservedSectionName, string> = {
  hooks: 'Commands run before and after migrations. Validated by @confiture/hooks.',
  lint: 'Schema lint rules and severities. Validated by @confiture/lint.',
  anonymization: 'How to anonymize data copied out of production. Validated by @confiture/anonymize-plugins.',
  sync: 'Copying data between environments. Validated by the sync command.',
  dry_run: 'Settings of the migration dry-run. Validated by @confiture/dry-run.',
};

type Variant = 'config' | 'environment';

function buildSchema(variant: Variant) {
  const withDefault = <T extends z.ZodType>(schema: T, value: unknown): T => (variant === 'config' ? schema.meta({ default: value }) : schema);

  const databaseUrl = z
    .string()
    .min(1)
    .superRefine((value, context) => {
      const problem = templateError(value);
      if (problem !== undefined) {
        context.addIssue({ code: 'custom', message: `invalid interpolation: ${problem}` });
        return;
      }
      if (!plausibleUrlStart(templateLead(value))) {
        context.addIssue({ code: 'custom', message: 'expected a URL starting with `postgres://` or `postgresql://`' });
      }
    })
    .describe(
      'PostgreSQL connection URL, e.g. `postgres://app@localhost:5432/app`. Use `${VAR}` or `${VAR:-default}` to read environment variables so no password lives in a file (`$$` is a literal `$`). Precedence: --database-url, CONFITURE_DATABASE_URL, the environment file, confiture.yaml, DATABASE_URL. Without any, the embedded database is used.',
    );

  const shape = {
    database_url: databaseUrl.optional(),
    schema_dirs: withDefault(
      z
        .array(z.string().min(1))
        .min(1, { error: 'expected at least one directory' })
        .describe('Directories of DDL files that describe the schema, read in order (files sorted by name). Relative to the project root.'),
      CONFIG_DEFAULTS.schema_dirs,
    ).optional(),
    migrations_dir: withDefault(
      z.string().min(1).describe('Directory of migrations named `<version>_<name>.up.sql` (and optional `.down.sql`). Relative to the project root.'),
      CONFIG_DEFAULTS.migrations_dir,
    ).optional(),
    tracking_table: withDefault(
      z
        .string()
        .regex(TRACKING_TABLE, {
          error: 'expected a lowercase SQL identifier, optionally schema-qualified, such as `confiture_migrations` or `ops.confiture_migrations`',
        })
        .describe('Table that records applied migrations; may be schema-qualified (`ops.confiture_migrations`).'),
      CONFIG_DEFAULTS.tracking_table,
    ).optional(),
    migrate: z
      .strictObject({
        lock_wait_timeout: withDefault(
          durationSchema('How long a migration run waits for the migration lock held by another run before giving up (`30s`, `500ms`, or milliseconds).'),
          CONFIG_DEFAULTS.migrate.lock_wait_timeout,
        ).optional(),
        statement_timeout: durationSchema('PostgreSQL `statement_timeout` set while migrations run; unset keeps the server setting.').optional(),
        lock_timeout: durationSchema(
          'PostgreSQL `lock_timeout` set while migrations run, so a migration waiting on a busy table fails fast instead of blocking traffic; unset keeps the server setting.',
        ).optional(),
      })
      .describe('How migrations are applied.')
      .optional(),
    embedded: z
      .strictObject({
        data_dir: withDefault(
          z.string().min(1).describe('Where the embedded PostgreSQL keeps its data between commands. Relative to the project root.'),
          CONFIG_DEFAULTS.embedded.data_dir,
        ).optional(),
      })
      .describe('The embedded PostgreSQL (PGlite) used when no database URL is given.')
      .optional(),
    hooks: z.unknown().optional().describe(SECTION_OWNERS.hooks),
    lint: z.unknown().optional().describe(SECTION_OWNERS.lint),
    anonymization: z.unknown().optional().describe(SECTION_OWNERS.anonymization),
    sync: z.unknown().optional().describe(SECTION_OWNERS.sync),
    dry_run: z.unknown().optional().describe(SECTION_OWNERS.dry_run),
  };

  return variant === 'config'
    ? z.strictObject(shape).meta({
        title: 'Confiture project configuration (confiture.yaml)',
        description: 'Settings of a Confiture project. Every key is optional. Environment files in db/environments/ override them.',
      })
    : z.strictObject(shape).meta({
        title: 'Confiture environment overrides (db/environments/<env>.yaml)',
        description:
          'Overrides for one environment, selected with --env <name> or CONFITURE_ENV. Same keys as confiture.yaml, all optional: sections are merged key by key, lists and values replace.',
      });
}

/**
 * The zod schema of confiture.yaml. Values are validated as written: `${VAR}` interpolation
 * and defaults are applied when the project is loaded.
 *
 * @example
 * ```ts
 * configSchema.safeParse({ schema_dirs: ['db/schema'] }).success; // true
 * ```
 */
export const configSchema = buildSchema('config');

/**
 * The zod schema of an environment file (`db/environments/<env>.yaml`): the same keys, no defaults.
 *
 * @example
 * ```ts
 * environmentSchema.safeParse({ database_url: '${DATABASE_URL}' }).success; // true
 * ```
 */
export const environmentSchema = buildSchema('environment');

/** The content of confiture.yaml (or of an environment file) once validated, keys as written. */
export type ConfitureConfig = z.output<typeof configSchema>;
