import type { CommandModule } from 'yargs';
import type { CliContext, GlobalArgs } from '../runtime/context.js';

export interface BuildArgs extends GlobalArgs {
  readonly format: 'text' | 'json';
}

export function buildCommand(ctx: CliContext): CommandModule<GlobalArgs, BuildArgs> {
  return {
    command: 'build',
    describe: 'Build the database from db/schema (one transaction; the embedded database is recreated)',
    builder: (y) => y.option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' }) as never,
    handler: async (args) => (await import('../handlers/build.js')).build(args, ctx),
  };
}
