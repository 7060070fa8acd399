/**
 * Edit distance with transpositions (optimal string alignment): `shmea` is one edit away
 * from `schema`, which is the typo people actually make.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const cols = b.length + 1;
  // Three rolling rows are enough: a transposition looks two rows back.
  let prevPrev = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const current = new Array<number>(cols).fill(0);
    current[0] = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (prevPrev[j - 2] ?? 0) + 1);
      current[j] = best;
    }
    prevPrev = prev;
    prev = current;
  }
  return prev[cols - 1] ?? 0;
}

/** `lockWaitTimeout`, `lock-wait-timeout` and `LOCK_WAIT_TIMEOUT` all compare equal to `lock_wait_timeout`. */
function normalize(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[-\s]/g, '_');
}

/**
 * The candidate closest to `input`, or undefined when none is close enough to be a
 * plausible typo (at most one edit per four characters, and at least one allowed).
 * Spelling variants (camelCase, kebab-case, upper case) of a candidate always match.
 *
 * @example
 * ```ts
 * closestMatch('shema_dirs', ['schema_dirs', 'migrations_dir']); // 'schema_dirs'
 * closestMatch('schemaDirs', ['schema_dirs']);                    // 'schema_dirs'
 * closestMatch('colour', ['schema_dirs']);                        // undefined
 * ```
 */
export function closestMatch(input: string, candidates: Iterable<string>): string | undefined {
  const wanted = normalize(input);
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const normalized = normalize(candidate);
    const distance = editDistance(wanted, normalized);
    const allowed = Math.max(1, Math.floor(Math.max(wanted.length, normalized.length) / 4));
    if (distance <= allowed && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
