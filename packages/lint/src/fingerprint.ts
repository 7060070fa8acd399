import type { Finding } from './types.js';

/**
 * 64-bit hash as 16 hex digits: two FNV-1a passes with different offsets and primes. Not
 * cryptographic (nothing secret goes in), but stable across runs and platforms, and an order of
 * magnitude cheaper than a digest on tens of thousands of findings.
 */
export function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000197);
  }
  // A final mix spreads the last characters over all bits.
  a = Math.imul(a ^ (a >>> 15), 0x2c1b3c6d);
  b = Math.imul(b ^ (b >>> 13), 0x297a2d39);
  return (a >>> 0).toString(16).padStart(8, '0') + ((b ^ (b >>> 16)) >>> 0).toString(16).padStart(8, '0');
}

/**
 * Sets a stable `fingerprint` on each finding (in place: the engine owns these objects): a hash of
 * rule, object kind and object, so it survives line moves and message rewording (SARIF
 * partialFingerprints, baselines). When a rule reports the same object several times (two secrets
 * in one file), the message tells them apart.
 */
export function fingerprintFindings<F extends Omit<Finding, 'fingerprint'>>(findings: F[]): Array<F & { fingerprint: string }> {
  const keys = findings.map((f) => `${f.rule}\u0000${f.objectKind}\u0000${f.object}`);
  const seen = new Map<string, number>();
  for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1);
  findings.forEach((f, i) => {
    const key = keys[i] as string;
    (f as F & { fingerprint: string }).fingerprint = hash64((seen.get(key) ?? 0) > 1 ? `${key}\u0000${f.message}` : key);
  });
  return findings as Array<F & { fingerprint: string }>;
}
