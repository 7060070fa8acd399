import { closestMatch } from '@confiture/core';
import type { z } from 'zod';

/** An option problem as `LintRule.validateOptions` returns it. */
export interface OptionIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Runs a zod schema over a rule's options and turns the issues into `{ path, message }`,
 * naming the known option closest to a misspelt one.
 */
export function validateWith(schema: z.ZodObject, options: Record<string, unknown>): OptionIssue[] {
  const result = schema.safeParse(options);
  if (result.success) return [];
  const known = Object.keys(schema.shape);
  const issues: OptionIssue[] = [];
  for (const issue of result.error.issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const guess = closestMatch(key, known);
        issues.push({
          path: base ? `${base}.${key}` : key,
          message:
            known.length === 0
              ? 'unknown option: this rule takes no options'
              : `unknown option${guess ? ` (did you mean \`${guess}\`?)` : `; known options: ${known.join(', ')}`}`,
        });
      }
    } else {
      issues.push({ path: base, message: issue.message });
    }
  }
  return issues;
}

/** Whether a string compiles as a JavaScript regular expression (for regex options). */
export function isValidRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
