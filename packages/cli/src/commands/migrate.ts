import type { Argv, CommandModule } from 'yargs';
import type { CliContext, GlobalArgs } from '../runtime/context.js';
import { withDryRunOptions, type DryRunFlags } from './dry-run-options.js';

export interface MigrateUpArgs extends GlobalArgs, DryRunFlags {
  readonly target: string | undefined;
  readonly allowDrift: boolean;
  readonly dryRun: boolean;
  readonly format: 'text' | 'json' | 'markdown';
}
export interface MigrateDownArgs extends GlobalArgs {
  readonly steps: number;
  readonly format: 'text' | 'json';
}
export interface MigrateStatusArgs extends GlobalArgs {
  readonly format: 'text' | 'json';
}
export interface MigrateGenerateArgs extends GlobalArgs {
  readonly name: string;
  readonly format: 'text' | 'json';
}

const handlers = () => import('../handlers/migrate.js');

export function migrateCommand(ctx: CliContext): CommandModule<GlobalArgs, GlobalArgs> {
  const up: CommandModule<GlobalArgs, MigrateUpArgs> = {
    command: 'up',
    describe: 'Apply pending migrations, each in its own transaction (or preview them with --dry-run)',
    builder: (y) =>
      withDryRunOptions(
        y
          .option('target', { type: 'string', describe: 'Stop after this version' })
          .option('allow-drift', { type: 'boolean', default: false, describe: 'Apply even if an applied migration file changed since' })
          .option('dry-run', { type: 'boolean', default: false, describe: 'Run pending migrations in a transaction that always rolls back and report' })
          .option('format', { choices: ['text', 'json', 'markdown'] as const, default: 'text' as const, describe: 'Output format (markdown with --dry-run)' })
          // Checked here so a typo fails at once, before a database is opened or built. A returned
          // string is a usage error (exit 2); a thrown one would read as a bug.
          .check((argv) => {
            const target = argv.target as string | undefined;
            if (target !== undefined && !/^\d+$/.test(target.trim())) {
              return `--target takes a migration version (the digits before the first "_" of its file name, like 20240101120000), got ${JSON.stringify(target)}.`;
            }
            return true;
          }),
      ) as never,
    handler: async (args) => (await handlers()).up(args, ctx),
  };
  const down: CommandModule<GlobalArgs, MigrateDownArgs> = {
    command: 'down',
    describe: 'Revert the last applied migrations with their .down.sql files',
    builder: (y) =>
      y
        .option('steps', { type: 'number', default: 1, describe: 'How many migrations to revert' })
        .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
        .check((argv) => {
          const steps = argv.steps as number;
          if (!Number.isInteger(steps) || steps < 1) return `--steps takes a whole number of migrations to revert, 1 or more, got ${Number.isNaN(steps) ? 'a value that is not a number' : String(steps)}.`;
          return true;
        }) as never,
    handler: async (args) => (await handlers()).down(args, ctx),
  };
  const status: CommandModule<GlobalArgs, MigrateStatusArgs> = {
    command: 'status',
    describe: 'List migrations and whether they are applied',
    builder: (y) => y.option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' }) as never,
    handler: async (args) => (await handlers()).status(args, ctx),
  };
  const generate: CommandModule<GlobalArgs, MigrateGenerateArgs> = {
    command: 'generate <name>',
    describe: 'Create <timestamp>_<name>.up.sql and .down.sql in the migrations directory',
    builder: (y) =>
      y
        .positional('name', { type: 'string', demandOption: true, describe: 'What the migration does, e.g. add_orders_status' })
        .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' }) as never,
    handler: async (args) => (await handlers()).generate(args, ctx),
  };
  return {
    command: 'migrate',
    describe: 'Apply, revert, list and create migrations',
    builder: (y: Argv<GlobalArgs>) => y.command(up).command(down).command(status).command(generate).demandCommand(1, 'Give a migrate subcommand: up, down, status or generate.') as never,
    handler: () => {},
  };
}
