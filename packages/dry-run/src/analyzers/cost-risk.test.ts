import { describe, expect, it } from 'vitest';
import { reportExceedsRisk } from '../report/exceeds-risk.js';
import type { Hazard } from '../types.js';
import { assessRisk, DEFAULT_RISK_THRESHOLDS, hazardRisk, type RiskInput } from './cost-risk.js';

const none: RiskInput = { failed: null, locks: [], rewrites: [], droppedColumns: [], droppedTables: [], hazards: [], breaks: [], missing: [] };
const hazard = (id: string, baseRisk: Hazard['baseRisk']): Hazard => ({ id, relation: 'public.t', message: `${id} message`, fix: null, baseRisk });

describe('assessRisk', () => {
  it('is low with no reason for a harmless statement', () => {
    expect(assessRisk(none)).toEqual({ level: 'low', reasons: [], factors: [] });
  });

  it('grades a blocking lock by how long it is held', () => {
    const lock = (heldMs: number) => ({ ...none, locks: [{ relation: 'public.t', mode: 'ShareLock' as const, heldMs, heldStatements: 2, rows: 10, fullPass: true }] });
    expect(assessRisk(lock(50)).level).toBe('low');
    expect(assessRisk(lock(500)).level).toBe('medium');
    expect(assessRisk(lock(5_000)).level).toBe('high');
    expect(assessRisk(lock(120_000))).toMatchObject({ level: 'critical', reasons: ['ShareLock on public.t (blocks INSERT/UPDATE/DELETE, VACUUM/ANALYZE, DDL) held for 2 statements / 120 s, 10 rows'] });
  });

  it('ignores the hold time of locks that block no application traffic', () => {
    const input = { ...none, locks: [{ relation: 'public.t', mode: 'ShareUpdateExclusiveLock' as const, heldMs: 120_000, heldStatements: 1, rows: 10, fullPass: false }] };
    expect(assessRisk(input).level).toBe('low');
  });

  it('judges predicted locks by table size when no hold time is known', () => {
    const input = (rows: number) => ({ ...none, locks: [{ relation: 'public.t', mode: 'ShareLock' as const, heldMs: null, heldStatements: null, rows, fullPass: true }] });
    expect(assessRisk(input(1_000)).level).toBe('low');
    expect(assessRisk(input(500_000)).level).toBe('high');
    expect(assessRisk(input(50_000_000)).level).toBe('critical');
  });

  it('flags rewrites, drops, failures and broken dependents', () => {
    expect(assessRisk({ ...none, rewrites: [{ relation: 'public.t', rows: 20_000_000, diskBytes: 0 }] }).level).toBe('critical');
    expect(assessRisk({ ...none, rewrites: [{ relation: 'public.t', rows: 100, diskBytes: 2 * 1024 ** 3 }] }).level).toBe('high');
    expect(assessRisk({ ...none, rewrites: [{ relation: 'public.t', rows: 100, diskBytes: 0 }] })).toMatchObject({ level: 'low', reasons: ['rewrites public.t (100 rows)'] });
    expect(assessRisk({ ...none, droppedColumns: ['public.t.email'] }).reasons).toEqual(['drops column public.t.email: its data is lost']);
    expect(assessRisk({ ...none, droppedTables: [{ relation: 'public.i', kind: 'index', rows: null }] }).level).toBe('medium');
    expect(assessRisk({ ...none, failed: { code: '42703', message: 'column "x" does not exist' } }).level).toBe('high');
    expect(assessRisk({ ...none, breaks: [{ effect: 'affects', message: 'index rebuilt' }] }).level).toBe('low');
    expect(assessRisk({ ...none, breaks: [{ effect: 'drops', message: 'view dropped' }] }).level).toBe('high');
  });

  it('caps size-bound hazards by the target size, not destructive or lock-queue ones', () => {
    expect(hazardRisk(hazard('non-concurrent-index', 'high'), 500).level).toBe('low');
    expect(hazardRisk(hazard('non-concurrent-index', 'high'), 50_000).level).toBe('medium');
    expect(hazardRisk(hazard('non-concurrent-index', 'high'), 5_000_000).level).toBe('high');
    expect(hazardRisk(hazard('rewrite-type-change', 'critical'), 5_000_000).level).toBe('high');
    expect(hazardRisk(hazard('rewrite-type-change', 'critical'), 50_000_000).level).toBe('critical');
    expect(hazardRisk(hazard('drop-column', 'high'), 3).level).toBe('high');
    expect(hazardRisk(hazard('missing-lock-timeout', 'medium'), 3).level).toBe('medium');
    expect(hazardRisk(hazard('access-exclusive-held', 'high'), 3).level).toBe('high');
    expect(hazardRisk(hazard('rewrite-type-change', 'critical'), 500).reason).toBe('rewrite-type-change message (public.t has 500 rows on the target: low; critical on a larger table)');
  });

  it('judges a hazard on a table of unknown target size as on a large table', () => {
    expect(hazardRisk(hazard('non-concurrent-index', 'high'), null)).toEqual({ level: 'high', reason: 'non-concurrent-index message (size of public.t on the target unknown: judged as a large table)' });
    expect(hazardRisk(hazard('rewrite-type-change', 'critical'), null)).toEqual({
      level: 'high',
      reason: 'rewrite-type-change message (size of public.t on the target unknown: judged as a large table; critical from 10.0M rows)',
    });
    expect(hazardRisk(hazard('refresh-materialized-view-blocking', 'medium'), null).level).toBe('medium');
  });

  it('lists every hazard as a factor with its level, highest first, whatever the statement level', () => {
    const risk = assessRisk({
      ...none,
      hazards: [
        { hazard: hazard('json-column', 'low'), rows: null },
        { hazard: hazard('missing-lock-timeout', 'medium'), rows: null },
        { hazard: hazard('rewrite-type-change', 'critical'), rows: null },
      ],
    });
    expect(risk.level).toBe('high');
    expect(risk.factors.map((f) => [f.level, f.hazard])).toEqual([
      ['high', 'rewrite-type-change'],
      ['medium', 'missing-lock-timeout'],
      ['low', 'json-column'],
    ]);
    expect(risk.reasons).toEqual(risk.factors.map((f) => f.reason));
  });

  it('judges rewrites and full passes of unknown size as on a large table unless a hazard speaks for them', () => {
    const rewrite = { ...none, rewrites: [{ relation: 'public.t', rows: null, diskBytes: 0 }] };
    expect(assessRisk(rewrite)).toMatchObject({ level: 'high', reasons: ['rewrites public.t under an AccessExclusiveLock (size of public.t on the target unknown: judged as a large table)'] });
    const explained = assessRisk({ ...rewrite, hazards: [{ hazard: hazard('truncate-table', 'high'), rows: null }] });
    expect(explained.factors.map((f) => f.hazard)).toEqual(['truncate-table']);
    const pass = { ...none, locks: [{ relation: 'public.t', mode: 'ShareLock' as const, heldMs: null, heldStatements: null, rows: null, fullPass: true }] };
    expect(assessRisk(pass).level).toBe('high');
    expect(assessRisk({ ...pass, hazards: [{ hazard: hazard('non-concurrent-index', 'high'), rows: 50 }] }).level).toBe('low');
    // The lock-queue rule needs a known large table; without a size, missing-lock-timeout speaks for it.
    expect(assessRisk({ ...none, locks: [{ relation: 'public.t', mode: 'AccessExclusiveLock', heldMs: 1, heldStatements: 1, rows: null, fullPass: false }] }).level).toBe('low');
  });

  it('honours custom thresholds', () => {
    const input = { ...none, locks: [{ relation: 'public.t', mode: 'AccessExclusiveLock' as const, heldMs: 100, heldStatements: 1, rows: 10, fullPass: false }] };
    expect(assessRisk(input, { ...DEFAULT_RISK_THRESHOLDS, blockingHighMs: 50 }).level).toBe('high');
  });
});

describe('reportExceedsRisk', () => {
  it('compares the run risk with the threshold, inclusive', () => {
    const report = { summary: { risk: 'high' } } as Parameters<typeof reportExceedsRisk>[0];
    expect(reportExceedsRisk(report, 'medium')).toBe(true);
    expect(reportExceedsRisk(report, 'high')).toBe(true);
    expect(reportExceedsRisk(report, 'critical')).toBe(false);
    expect(() => reportExceedsRisk(report, 'severe' as 'high')).toThrow(/Unknown risk level "severe"/);
  });
});
