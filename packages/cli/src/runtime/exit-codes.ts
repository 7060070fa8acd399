/** Exit codes, as ESLint uses them. */
export const EXIT = {
  /** Success, nothing to report at the failing level. */
  ok: 0,
  /** Findings at the failing level, or an operation that failed (a migration, a statement). */
  failed: 1,
  /** Usage, configuration or connection error, or a bug. */
  usage: 2,
} as const;
