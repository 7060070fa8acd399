import type { CommandModule } from 'yargs';
import type { CliContext, GlobalArgs } from '../runtime/context.js';
import { withDryRunOptions, type DryRunFlags } from './dry-run-options.js';

export interface DryRunArgs extends GlobalArgs, DryRunFlags {
  readonly files: string[];
  readonly format: 'text' | 'json' | 'markdown';
}

export function dryRunCommand(ctx: CliContext): CommandModule<GlobalArgs, DryRunArgs> {
  return {
    command: 'dry-run <files..>',
    describe: 'Run SQL files in a transaction that always rolls back; report locks, rewrites, impact, dependencies and risk',
    builder: (y) =>
      withDryRunOptions(
        y
          .positional('files', { type: 'string', array: true, describe: 'SQL files, in the order they would run' })
          .option('format', { choices: ['text', 'json', 'markdown'] as const, default: 'text' as const, describe: 'Output format' }),
      ) as never,
    handler: async (args) => (await import('../handlers/dry-run.js')).dryRunFiles(args, ctx),
  };
}
