import { ConfitureError } from '@confiture/core';
import { OUTPUT_FORMATS, type OutputFormat } from '../config/schema.js';
import type { LintResult } from '../types.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import type { FormatOptions } from './options.js';
import { formatSarif } from './sarif.js';
import { formatTable } from './table.js';

export type { FormatOptions } from './options.js';

/**
 * Renders a lint result as text: `table` (for people), `json` (stable, versioned), `github`
 * (workflow commands that annotate pull requests) or `sarif` (2.1.0, for code scanning).
 * The text ends with a newline; the caller writes it where it wants.
 *
 * @example
 * ```ts
 * const result = await lint(connection, lintConfig);
 * process.stdout.write(formatResult(result, 'table', { color: process.stdout.isTTY }));
 * await writeFile('lint.sarif', formatResult(result, 'sarif', { configFile: 'confiture.lint.yml' }));
 * ```
 */
export function formatResult(result: LintResult, format: OutputFormat, options: FormatOptions = {}): string {
  switch (format) {
    case 'table':
      return formatTable(result, options);
    case 'json':
      return formatJson(result);
    case 'github':
      return formatGithub(result);
    case 'sarif':
      return formatSarif(result, options);
    default:
      throw new ConfitureError({
        code: 'CONFITURE_USAGE',
        message: `Unknown lint output format "${String(format)}".`,
        hint: `Use one of ${OUTPUT_FORMATS.join(', ')}.`,
      });
  }
}
