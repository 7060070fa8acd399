import { ConfitureError } from '@confiture/core';
import { isRiskLevel, riskRank, type RiskLevel } from '../analyzers/cost-risk.js';
import type { DryRunReport } from './report-types.js';

/**
 * Exit policy for `--fail-on`: true when the run's risk is at least `threshold`.
 *
 * @example
 * ```ts
 * const report = await dryRun(client, { files });
 * if (reportExceedsRisk(report, 'high')) process.exitCode = 1; // blocks high and critical
 * ```
 */
export function reportExceedsRisk(report: Pick<DryRunReport, 'summary'>, threshold: Exclude<RiskLevel, 'low'> | RiskLevel): boolean {
  if (!isRiskLevel(threshold)) {
    throw new ConfitureError({
      code: 'CONFITURE_USAGE',
      message: `Unknown risk level "${String(threshold)}".`,
      hint: 'Use one of: low, medium, high, critical.',
    });
  }
  return riskRank(report.summary.risk) >= riskRank(threshold);
}
