import { z } from 'zod';

const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|min|m|h)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** PostgreSQL keeps timeouts in a 32-bit integer of milliseconds. */
export const MAX_DURATION_MS = 2_147_483_647;

const EXPECTED = 'expected a duration such as `30s`, `500ms`, `5min` or `1h`, or a whole number of milliseconds';

/**
 * Milliseconds of a duration written as a number of milliseconds or as `500ms`, `30s`,
 * `5m`/`5min`, `1h` (decimals allowed: `1.5s`). Undefined when the text is not a duration.
 *
 * @example
 * ```ts
 * parseDuration('30s');  // 30000
 * parseDuration(250);    // 250
 * parseDuration('soon'); // undefined
 * ```
 */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  const match = DURATION_PATTERN.exec(value.trim());
  if (match === null) return undefined;
  const [, amount, unit] = match;
  return Math.round(Number(amount) * (UNIT_MS[unit ?? 'ms'] ?? 1));
}

/**
 * Zod schema of a duration setting (kept as written; convert with {@link parseDuration}),
 * for other packages' config sections.
 *
 * @example
 * ```ts
 * const schema = z.strictObject({ timeout: durationSchema('How long to wait.').optional() });
 * ```
 */
export function durationSchema(description: string) {
  const limit = `expected at most ${MAX_DURATION_MS} milliseconds (about 24 days), the PostgreSQL limit`;
  return z
    .union(
      [
        z.number().int({ error: EXPECTED }).min(0, { error: EXPECTED }).max(MAX_DURATION_MS, { error: limit }),
        z.string().regex(DURATION_PATTERN, { error: EXPECTED }),
      ],
      { error: EXPECTED },
    )
    .refine((value) => (parseDuration(value) ?? 0) <= MAX_DURATION_MS, { error: limit })
    .describe(description);
}
