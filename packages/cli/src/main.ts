import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import type { Argv } from 'yargs';
import { buildCommand } from './commands/build.js';
import { dryRunCommand } from './commands/dry-run.js';
import { initCommand } from './commands/init.js';
import { lintCommand } from './commands/lint.js';
import { migrateCommand } from './commands/migrate.js';
import type { CliContext, GlobalArgs } from './runtime/context.js';
import { reportError } from './runtime/errors.js';
import { EXIT } from './runtime/exit-codes.js';
import { processIo, useColor, type Io } from './runtime/io.js';

class UsageError extends Error {}

const HIDDEN_COMPLETION_COMMAND = '__completion-script';

// The package root is one level up from dist/main.js and two from dist/bundle/main.js.
function version(): string {
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as { name?: string; version: string };
      if (pkg.name === '@confiture/cli') return pkg.version;
    } catch {
      // not at this level
    }
  }
  return '0.0.0';
}

/** The yargs parser with every command; exported for tests and for shells' completion. */
export function createParser(argv: readonly string[], ctx: CliContext): Argv {
  const base = yargs([...argv])
    .scriptName('confiture')
    .usage('$0 <command> [options]\n\nPostgreSQL migrations with safety rails: build, migrate, dry-run, lint.')
    .option('cwd', { type: 'string', default: process.cwd(), defaultDescription: 'current directory', describe: 'Project directory (where confiture.yaml is)', global: true })
    .option('config', { alias: 'c', type: 'string', describe: 'Path to confiture.yaml (default: <cwd>/confiture.yaml)', global: true })
    .option('env', { alias: 'e', type: 'string', describe: 'Environment: applies db/environments/<env>.yaml (default: $CONFITURE_ENV)', global: true })
    .option('database-url', { type: 'string', describe: 'PostgreSQL URL; overrides CONFITURE_DATABASE_URL, the environment file and DATABASE_URL', global: true })
    .option('debug', { type: 'boolean', default: false, describe: 'Print stack traces with errors', global: true })
    .option('color', { type: 'boolean', describe: 'Force colors on or off (default: on for terminals, off with NO_COLOR)', global: true });
  // yargs infers kebab-case keys; the camelCase expansion that handlers read is GlobalArgs.
  const parser: Argv<GlobalArgs> = (base as unknown as Argv<GlobalArgs>)
    .command(initCommand(ctx))
    .command(buildCommand(ctx))
    .command(migrateCommand(ctx))
    .command(dryRunCommand(ctx))
    .command(lintCommand(ctx))
    // yargs' own completion command prints its script even for `completion --help`: it stays
    // hidden (it also answers the shell's --get-yargs-completions), and `completion` is a
    // regular command with help of its own that prints the same script.
    .completion(HIDDEN_COMPLETION_COMMAND, false)
    .command({
      command: 'completion',
      describe: 'Print a shell completion script (bash or zsh, from $SHELL)',
      builder: (y) => y.example('$0 completion >> ~/.bashrc', 'complete confiture commands and options in bash').example('$0 completion >> ~/.zshrc', 'the same in zsh'),
      // yargs takes ($0, command name) here; its type definitions omit the parameters.
      handler: () => void (parser as unknown as { showCompletionScript(bin: string, command: string): unknown }).showCompletionScript('confiture', 'completion'),
    })
    .demandCommand(1, 'Give a command; see the list above.')
    .recommendCommands()
    .strict()
    .version(version())
    .alias('version', 'v')
    .help()
    .alias('help', 'h')
    .epilogue('Exit codes: 0 success, 1 findings or a failed operation, 2 usage, configuration or connection error.\nDocs: https://github.com/confiture-db/confiture')
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      // yargs reports its own validation failures as a YError, and a `.check()` that returns a
      // message as that string: both are usage errors. Any other error comes from a handler.
      const failure = error as unknown;
      if (failure instanceof Error && failure.name !== 'YError') throw failure;
      throw new UsageError(message ?? (failure instanceof Error ? failure.message : typeof failure === 'string' ? failure : 'Invalid command line.'));
    });
  return parser;
}

/**
 * Runs the CLI with the given arguments and resolves with the exit code. Never calls
 * process.exit, so it can be used in tests; `run()` is the binary's entry.
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let code: number = EXIT.ok;
  const ctx: CliContext = { io, exit: (c) => void (code = Math.max(code, c)) };
  const debug = argv.includes('--debug');
  const json = argv.some((a, i) => a === '--format=json' || (a === '--format' && argv[i + 1] === 'json'));
  const color = useColor(io, argv.includes('--no-color') ? false : argv.includes('--color') ? true : undefined);
  try {
    await createParser(argv, ctx).parseAsync();
    return code;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\nRun 'confiture --help' for usage.\n`);
      return EXIT.usage;
    }
    return reportError(io, error, { debug, json, color });
  }
}

/** Entry point of the `confiture` binary. */
export async function run(argv: readonly string[]): Promise<void> {
  process.exitCode = await main(argv);
}
