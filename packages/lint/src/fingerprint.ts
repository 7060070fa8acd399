import type { Finding } from './types.js';

/**
 * 64-bit hash as 16 hex digits: two FNV-1a passes with different offsets and primes. Not
 * cryptographic (nothing secret goes in), but stable across runs and platforms, and an order of
 * magnitude cheaper than a digest on tens of thousands of findings.
 */
export function hash64(text: string): string {
  return hashParts([text]);
}

/**
 * hash64 of the parts joined with NUL characters, without building the joined string (this runs
 * for every finding).
 */
function hashParts(parts: readonly string[]): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let p = 0; p < parts.length; p++) {
    if (p > 0) {
      a = Math.imul(a, 0x01000193);
      b = Math.imul(b, 0x01000197);
    }
    const text = parts[p] as string;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000197);
    }
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
  // Findings are grouped by the hash of their key rather than by a joined key string; a group
  // only holds repeats once the keys themselves compare equal (a hash collision is not a repeat).
  const hashes = findings.map((f) => hashParts([f.rule, f.objectKind, f.object]));
  const groups = new Map<string, number[]>();
  const repeated: number[] = [];
  hashes.forEach((hash, i) => {
    const group = groups.get(hash);
    if (group) group.push(i);
    else groups.set(hash, [i]);
  });
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    for (const i of group) {
      const f = findings[i] as F;
      const same = (j: number): boolean => {
        const g = findings[j] as F;
        return g.rule === f.rule && g.objectKind === f.objectKind && g.object === f.object;
      };
      if (group.some((j) => j !== i && same(j))) repeated.push(i);
    }
  }
  findings.forEach((f, i) => {
    (f as F & { fingerprint: string }).fingerprint = hashes[i] as string;
  });
  for (const i of repeated) {
    const f = findings[i] as F & { fingerprint: string };
    f.fingerprint = hashParts([f.rule, f.objectKind, f.object, f.message]);
  }
  return findings as Array<F & { fingerprint: string }>;
}
