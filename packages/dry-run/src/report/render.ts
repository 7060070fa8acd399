import { ConfitureError } from '@confiture/core';
import { renderMarkdown } from './render-markdown.js';
import { renderText } from './render-text.js';
import type { DryRunReport } from './report-types.js';

/**
 * Output formats of {@link renderReport}.
 *
 * @example
 * ```ts
 * const format: ReportFormat = process.env.CI ? 'markdown' : 'text';
 * const output = renderReport(report, format);
 * ```
 */export type ReportFormat = 'text' | 'json' | 'markdown';

/**
 * Options of {@link renderReport}.
 *
 * @example
 * ```ts
 * process.stdout.write(renderReport(report, 'text', { color: process.stdout.isTTY, all: true }));
 * ```
 */export interface RenderOptions {
  /** ANSI colors in the text format (pass `process.stdout.isTTY`). Default false. */
  readonly color?: boolean;
  /** Text format: a block for every statement, not only the notable ones. */
  readonly all?: boolean;
}

/**
 * Renders a dry-run report: `text` for a terminal, `json` for machines (the report object
 * itself, see REPORT.md), `markdown` for a pull-request comment.
 *
 * @example
 * ```ts
 * const report = await dryRun(client, { files: ['db/migrations/0042_add_email.sql'] });
 * process.stdout.write(renderReport(report, 'text', { color: process.stdout.isTTY }));
 * ```
 */
export function renderReport(report: DryRunReport, format: ReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'markdown':
      return renderMarkdown(report);
    case 'text':
      return renderText(report, options);
    default:
      throw new ConfitureError({
        code: 'CONFITURE_USAGE',
        message: `Unknown report format "${String(format)}".`,
        hint: 'Use one of: text, json, markdown.',
      });
  }
}
