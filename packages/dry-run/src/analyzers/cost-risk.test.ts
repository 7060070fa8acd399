import { describe, expect, it } from 'vitest';
import { reportExceedsRisk } from '../report/exceeds-risk.js';
import type { Hazard } from '../types.js';
import { assessRisk, DEFAULT_RISK_THRESHOLDS, hazardRisk, type RiskInput } from './cost-risk.js';

const none: RiskInput = { failed: null, locks: [], rewrites: [], droppedColumns: [], droppedTables: [], hazards: [], breaks: [], missing: [] };
const hazard = (id: string, baseRisk: Hazard['baseRisk']): Hazard => ({ id, relation: 'public.t', message: `${id} message`, fix: null, baseRisk });

describe('assessRisk', () => {
  it('is low with no reason for a harmless statement', () => {
    expect(assessRisk(none)).toEqual({ level: 'low', reasons: [] });
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
    expect(assessRisk({ ...none, rewrites: [{ relation: 'public.t', rows: 100, diskBytes: 0 }] })).toEqual({ level: 'low', reasons: ['rewrites public.t (100 rows)'] });
    expect(assessRisk({ ...none, droppedColumns: ['public.t.email'] }).reasons).toEqual(['drops column public.t.email: its data is lost']);
    expect(assessRisk({ ...none, droppedTables: [{ relation: 'public.i', kind: 'index', rows: null }] }).level).toBe('medium');
    expect(assessRisk({ ...none, failed: { code: '42703', message: 'column "x" does not exist' } }).level).toBe('high');
    expect(assessRisk({ ...none, breaks: [{ effect: 'affects', message: 'index rebuilt' }] }).level).toBe('low');
    expect(assessRisk({ ...none, breaks: [{ effect: 'drops', message: 'view dropped' }] }).level).toBe('high');
  });

  it('caps size-bound hazards on small tables, not destructive ones', () => {
    expect(hazardRisk(hazard('non-concurrent-index', 'high'), 500).level).toBe('low');
    expect(hazardRisk(hazard('non-concurrent-index', 'high'), 50_000).level).toBe('medium');
    expect(hazardRisk(hazard('non-concurrent-index', 'high'), 5_000_000).level).toBe('high');
    expect(hazardRisk(hazard('non-concurrent-index', 'high'), null).level).toBe('high');
    expect(hazardRisk(hazard('drop-column', 'high'), 3).level).toBe('high');
    expect(hazardRisk(hazard('rewrite-type-change', 'critical'), 500).reason).toMatch(/has 500 rows: critical on a large table/);
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
