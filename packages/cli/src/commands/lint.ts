import type { CommandModule } from 'yargs';
import type { CliContext, GlobalArgs } from '../runtime/context.js';

export interface LintArgs extends GlobalArgs {
  readonly format: 'table' | 'json' | 'github' | 'sarif' | undefined;
  readonly lintConfig: string | undefined;
  readonly select: string[] | undefined;
  readonly ignore: string[] | undefined;
  readonly listRules: boolean;
  readonly failOnWarning: boolean | undefined;
  readonly sample: number | undefined;
}

export function lintCommand(ctx: CliContext): CommandModule<GlobalArgs, LintArgs> {
  return {
    command: 'lint',
    describe: 'Lint the schema: a live database with --database-url, else db/schema built into the embedded database',
    builder: (y) =>
      y
        .option('format', { choices: ['table', 'json', 'github', 'sarif'] as const, describe: 'Output format (default: output_format from the lint config, else table)' })
        .option('lint-config', { type: 'string', describe: 'Lint config file (default: confiture.lint.yml, else the lint: section of confiture.yaml)' })
        .option('select', { type: 'string', array: true, describe: 'Only these rules (ids or prefixes; comma-separated or repeated)' })
        .option('ignore', { type: 'string', array: true, describe: 'Skip these rules (ids or prefixes)' })
        .option('list-rules', { type: 'boolean', default: false, describe: 'List the rules and exit' })
        .option('fail-on-warning', { type: 'boolean', describe: 'Exit 1 on warnings too' })
        .option('sample', { type: 'number', describe: 'Sample N values per column to confirm PII matches (live database only)' }) as never,
    handler: async (args) => (await import('../handlers/lint.js')).lint(args, ctx),
  };
}
