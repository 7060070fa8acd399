import type { Queryable } from '@confiture/core';
import { loadSnapshot } from '../../snapshot/index.js';
import type { FindingInput, LintRule, RuleContext, SchemaSnapshot, SourceFile } from '../../types.js';

/** What running one rule produced. */
export interface RuleRun {
  readonly findings: FindingInput[];
  readonly skipped: string[];
}

/**
 * Builds `sql` in a new schema of the test database and loads a snapshot of that schema only,
 * through the engine's loader. Each test case uses its own schema so a test file needs one
 * database.
 */
export async function snapshotFromSql(
  client: Queryable,
  schema: string,
  sql: string,
  options: { files?: SourceFile[]; source?: 'database' | 'embedded' } = {},
): Promise<SchemaSnapshot> {
  await client.query(`create schema "${schema}"`);
  await client.query(`set search_path to "${schema}"`);
  try {
    await client.query(sql);
  } finally {
    await client.query('reset search_path');
  }
  return loadSnapshot(client, { schemas: { include: [schema] }, ...options });
}

/**
 * Runs one rule the way the engine does: options merged over the rule's defaults and
 * validated first, findings and skip reasons collected.
 */
export async function runRule<O extends Record<string, unknown>>(
  rule: LintRule<O>,
  snapshot: SchemaSnapshot,
  options: Partial<O> = {},
  context: Partial<Omit<RuleContext, 'skip'>> = {},
): Promise<RuleRun> {
  const issues = rule.validateOptions?.(options as Record<string, unknown>) ?? [];
  if (issues.length > 0) throw new Error(`invalid options for ${rule.id}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  const findings: FindingInput[] = [];
  const skipped: string[] = [];
  const merged = { ...(rule.defaultOptions ?? {}), ...options } as O;
  await rule.check(snapshot, merged, (f) => findings.push(f), {
    sample: 0,
    ...context,
    skip: (reason) => skipped.push(reason),
  });
  return { findings, skipped };
}

/** The `object` of each finding, sorted, for compact assertions. */
export function objects(run: RuleRun): string[] {
  return run.findings.map((f) => f.object).sort();
}

/** Loads the snapshot of one schema again, after changing it. */
export function reloadSnapshot(client: Queryable, schema: string): Promise<SchemaSnapshot> {
  return loadSnapshot(client, { schemas: { include: [schema] } });
}
