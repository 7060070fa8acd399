import { compileAllow, scanText, type SecretScanOptions } from './rules/lib/secrets.js';

/** What {@link secretRedactor} needs from the `hardcoded-secret` options. */
export interface RedactOptions {
  readonly entropyThreshold?: number;
  readonly allow?: readonly string[];
}

/**
 * A function that masks every credential in a text the way `hardcoded-secret` reports them
 * (`ghp_************************oKi5`, `postgres://app:***@db`).
 *
 * Rules quote catalog text in their messages and fixes (an index expression, the reason of a
 * suppression comment, a parser error near a token), and custom rules may quote anything: the
 * engine passes every text of a result through this, so no rule can print a secret by accident.
 * Results are memoized because most texts (`why`, skip reasons) repeat across findings.
 */
export function secretRedactor(options: RedactOptions = {}): (text: string) => string {
  const scan: SecretScanOptions = { entropyThreshold: options.entropyThreshold ?? 2.5, allow: compileAllow(options.allow ?? []) };
  const seen = new Map<string, string>();
  return (text) => {
    let redacted = seen.get(text);
    if (redacted === undefined) {
      redacted = redact(text, scan);
      // Only the repeated texts are worth keeping; a bounded map keeps a huge run from growing it forever.
      if (seen.size < 10_000) seen.set(text, redacted);
    }
    return redacted;
  };
}

function redact(text: string, scan: SecretScanOptions): string {
  if (text.length < 8) return text;
  const hits = scanText(text, scan);
  if (hits.length === 0) return text;
  let out = '';
  let at = 0;
  for (const hit of hits) {
    if (hit.start < at) continue;
    // A URL hit spans its password only: its mask is the whole URL, so put `***` in its place.
    out += text.slice(at, hit.start) + (hit.kind === 'url-password' ? '***' : hit.masked);
    at = hit.end;
  }
  return out + text.slice(at);
}
