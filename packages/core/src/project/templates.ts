/** Schema references for the modeline of each scaffolded YAML file. */
export interface SchemaRefs {
  readonly config: string;
  readonly environment: string;
}

export function configYaml(refs: SchemaRefs): string {
  return `# yaml-language-server: $schema=${refs.config}
#
# Confiture project settings. Every key is optional; the values below are the defaults.
# db/environments/<env>.yaml overrides these keys for \`--env <env>\` (or CONFITURE_ENV=<env>).

# The database, first match wins: --database-url, CONFITURE_DATABASE_URL, database_url in the
# environment file, database_url here, DATABASE_URL. With none, Confiture uses an embedded
# PostgreSQL kept in embedded.data_dir. Never write a password here: read it from the
# environment with \${VAR} (or \${VAR:-default}); $$ is a literal $.
# database_url: postgres://app:\${DB_PASSWORD}@localhost:5432/app

# DDL files that describe the schema, applied in file-name order.
schema_dirs:
  - db/schema

# Migrations: <version>_<name>.up.sql, and <version>_<name>.down.sql to undo them.
migrations_dir: db/migrations

# Table that records applied migrations (may be schema-qualified: ops.confiture_migrations).
tracking_table: confiture_migrations

migrate:
  # How long a run waits for another run's migration lock before giving up.
  lock_wait_timeout: 30s
  # Set these so a migration stuck behind live traffic fails fast instead of blocking it:
  # lock_timeout: 5s
  # statement_timeout: 15min

embedded:
  # Where the embedded database keeps its data between commands (ignored by git).
  data_dir: .confiture/embedded
`;
}

export function developmentYaml(refs: SchemaRefs): string {
  return `# yaml-language-server: $schema=${refs.environment}
#
# Overrides for \`--env development\`. Any key of confiture.yaml may appear here; sections are
# merged key by key, other values replace. Without a database_url anywhere, the embedded
# database is used, so this file can stay almost empty.
# database_url: postgres://postgres@localhost:5432/app_development

migrate:
  lock_wait_timeout: 5s
`;
}

export function productionYaml(refs: SchemaRefs): string {
  return `# yaml-language-server: $schema=${refs.environment}
#
# Overrides for \`--env production\`. The URL comes from the deployment's environment:
# Confiture stops with an error naming DATABASE_URL when it is not set.
database_url: \${DATABASE_URL}

migrate:
  lock_wait_timeout: 60s
  lock_timeout: 5s
`;
}

export const EXTENSIONS_SQL = `-- Extensions come first so later files can use their types and functions.
-- Files in db/schema are applied in name order: number them to keep that order explicit.
-- create extension if not exists citext;
`;

export const USERS_SQL = `create table users (
  id bigint generated always as identity primary key,
  email text not null unique,
  created_at timestamptz not null default now()
);
`;

export const INITIAL_UP_SQL = `-- db/schema is the baseline; migrations evolve it. This first one adds a column to users.
-- Each migration runs in its own transaction; see the README for no-transaction migrations.
alter table users add column display_name text;
`;

export const INITIAL_DOWN_SQL = `alter table users drop column display_name;
`;

export const GITIGNORE_LINE = '.confiture/';
