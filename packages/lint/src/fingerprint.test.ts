import { describe, expect, it } from 'vitest';
import { fingerprintFindings, hash64 } from './fingerprint.js';
import type { Finding } from './types.js';

const finding = (object: string, message = 'm'): Omit<Finding, 'fingerprint'> => ({
  rule: 'r',
  severity: 'error',
  object,
  objectKind: 'table',
  message,
  why: '',
  fix: null,
  location: null,
});

describe('fingerprints', () => {
  it('hash64 is stable, 16 hex digits, and spreads close inputs', () => {
    expect(hash64('missing-fk-index\u0000constraint\u0000app.orders_user_fk')).toBe(hash64('missing-fk-index\u0000constraint\u0000app.orders_user_fk'));
    expect(hash64('')).toMatch(/^[0-9a-f]{16}$/);
    const many = new Set(Array.from({ length: 20_000 }, (_, i) => hash64(`rule\u0000table\u0000app.t${i}`)));
    expect(many.size).toBe(20_000);
  });

  it('depend on rule and object, not on message or location, unless an object repeats', () => {
    const [a] = fingerprintFindings([finding('app.a', 'one wording')]);
    const [b] = fingerprintFindings([{ ...finding('app.a', 'another wording'), location: { file: 'x.sql', line: 9 } }]);
    expect(a?.fingerprint).toBe(b?.fingerprint);
    const twice = fingerprintFindings([finding('db/x.sql', 'secret AKIA****1'), finding('db/x.sql', 'secret ghp_****2')]);
    expect(twice[0]?.fingerprint).not.toBe(twice[1]?.fingerprint);
  });
});
