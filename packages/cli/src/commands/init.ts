import type { CommandModule } from 'yargs';
import type { CliContext, GlobalArgs } from '../runtime/context.js';

export interface InitArgs extends GlobalArgs {
  readonly dir: string | undefined;
  readonly force: boolean;
  readonly format: 'text' | 'json';
}

export function initCommand(ctx: CliContext): CommandModule<GlobalArgs, InitArgs> {
  return {
    command: 'init [dir]',
    describe: 'Scaffold a new project: confiture.yaml, db/schema, db/migrations with a first migration, environments',
    builder: (y) =>
      y
        .positional('dir', { type: 'string', describe: 'Directory to create the project in (default: --cwd)' })
        .option('force', { type: 'boolean', default: false, describe: 'Overwrite files that already exist' })
        .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' }) as never,
    handler: async (args) => (await import('../handlers/init.js')).init(args, ctx),
  };
}
