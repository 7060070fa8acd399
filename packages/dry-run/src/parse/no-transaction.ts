// Confiture's migrator (core, migration-files.ts) runs a script statement by statement in
// autocommit when its first line is this marker; the dry-run must read it the same way.
const MARKER = 'confiture:no-transaction';

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 11 || code === 12;
}

/**
 * True when the first line of a script is `-- confiture:no-transaction` (case-insensitive,
 * spaces allowed after `--` and at the end; a byte-order mark is ignored).
 */
export function hasNoTransactionMarker(text: string): boolean {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let end = text.indexOf('\n', i);
  if (end === -1) end = text.length;
  if (end > i && text.charCodeAt(end - 1) === 13) end--;
  if (text.charCodeAt(i) !== 45 || text.charCodeAt(i + 1) !== 45) return false;
  i += 2;
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  if (text.slice(i, i + MARKER.length).toLowerCase() !== MARKER) return false;
  i += MARKER.length;
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  return i === end;
}
