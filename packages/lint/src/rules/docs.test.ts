import { useTestDatabase } from '@confiture/test-utils';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from './index.js';
import { runRule, snapshotFromSql } from './test-helpers/index.js';

const db = useTestDatabase('lint_docs');
let client: pg.Client;
beforeAll(async () => {
  client = await db.current.client();
});

// Index usage statistics of a fresh database are hours old at most: look at them anyway.
const OPTIONS: Record<string, Record<string, unknown>> = { 'unused-index': { minStatsAgeDays: 0 } };

describe('rule documentation', () => {
  it('lists the ten rules in order, each documented', () => {
    expect(builtinRules.map((r) => r.id)).toEqual([
      'missing-primary-key', 'missing-fk-index', 'redundant-index', 'unused-index', 'table-naming',
      'column-naming', 'missing-foreign-key', 'orphaned-table', 'pii-column', 'hardcoded-secret',
    ]);
    for (const rule of builtinRules) {
      expect(rule.description.length, rule.id).toBeGreaterThan(10);
      expect(rule.docs.why.length, rule.id).toBeGreaterThan(40);
      expect(rule.validateOptions?.(rule.defaultOptions ?? {}), rule.id).toEqual([]);
    }
  });

  for (const rule of builtinRules) {
    it(`${rule.id}: the "bad" example triggers the rule and the "good" one does not`, async () => {
      const schema = `docs_${rule.id.replace(/-/g, '_')}`;
      const bad = await runRule(rule, await snapshotFromSql(client, `${schema}_bad`, rule.docs.bad), OPTIONS[rule.id] ?? {});
      expect(bad.findings.length, `${rule.id} bad`).toBeGreaterThan(0);
      const good = await runRule(rule, await snapshotFromSql(client, `${schema}_good`, rule.docs.good), OPTIONS[rule.id] ?? {});
      expect(good.findings, `${rule.id} good`).toEqual([]);
    });
  }
});
