import { isLoadedLintConfig, type LintConfigInput, type LoadedLintConfig } from './config/index.js';
import type { LintResult } from './types.js';

/** Options of {@link shouldFail}; they win over the config (`--fail-on-warning`). */
export interface ShouldFailOptions {
  readonly failOnError?: boolean;
  readonly failOnWarning?: boolean;
}

/**
 * Whether a lint run should fail the command (exit 1 in the CLI): when it found errors and
 * `fail_on_error` is on (the default), or warnings and `fail_on_warning` is on. Infos never fail.
 *
 * @example
 * ```ts
 * const result = await lint(connection, lintConfig);
 * if (shouldFail(result, lintConfig, { failOnWarning: argv.failOnWarning })) process.exitCode = 1;
 * ```
 */
export function shouldFail(result: LintResult, config?: LintConfigInput | LoadedLintConfig | null, options: ShouldFailOptions = {}): boolean {
  const settings = isLoadedLintConfig(config) ? config.config : (config ?? {});
  const failOnError = options.failOnError ?? settings.fail_on_error ?? true;
  const failOnWarning = options.failOnWarning ?? settings.fail_on_warning ?? false;
  return (failOnError && result.summary.errors > 0) || (failOnWarning && result.summary.warnings > 0);
}
