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
          .option('format', { choices: ['text', 'json', 'markdown'] as const, default: 'text' as const, describe: 'Output format (markdown with --dry-run)' }),
      ) as never,
    handler: async (args) => (await handlers()).up(args, ctx),
  };
  const down: CommandModule<GlobalArgs, MigrateDownArgs> = {
    command: 'down',
    describe: 'Revert the last applied migrations with their .down.sql files',
    builder: (y) =>
      y
        .option('steps', { type: 'number', default: 1, describe: 'How many migrations to revert' })
        .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' }) as never,
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
