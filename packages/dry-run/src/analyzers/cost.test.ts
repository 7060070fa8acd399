import { describe, expect, it } from 'vitest';
import type { RelationStats } from '../executor/executor.js';
import { type CostInput, estimateCost, sizeRatio, targetRows } from './cost.js';
import { emptyImpact, type StatementImpact } from './impact.js';

const MiB = 1024 * 1024;
const stats = new Map<string, RelationStats>([
  ['public.big', { kind: 'r', table: null, rows: 100_000, bytes: 10 * MiB, totalBytes: 12 * MiB, estimated: false }],
  ['public.tiny', { kind: 'r', table: null, rows: 10, bytes: 8192, totalBytes: 16384, estimated: false }],
  ['public.big_pkey', { kind: 'i', table: 'public.big', rows: 100_000, bytes: 2 * MiB, totalBytes: 2 * MiB, estimated: false }],
  ['public.unknown', { kind: 'r', table: null, rows: null, bytes: 4 * MiB, totalBytes: 4 * MiB, estimated: true }],
]);

function input(impact: Partial<StatementImpact>, extra: Partial<CostInput> = {}): CostInput {
  return { executed: true, durationMs: 100, category: 'ddl', rowsAffected: null, impact: { ...emptyImpact(), ...impact }, predictedRewrites: [], predictedScans: [], ...extra };
}

describe('estimateCost', () => {
  it('keeps the measured time without a target', () => {
    expect(estimateCost(input({ rewrites: ['public.big'] }), stats, {})).toMatchObject({ measuredMs: 100, estimatedMs: 100, scale: 1, confidence: 'measured' });
  });

  it('scales a rewrite linearly with the rows of the target', () => {
    const cost = estimateCost(input({ rewrites: ['public.big', 'public.big_pkey'] }), stats, { tableSizes: { 'public.big': { rows: 1_000_000 } } });
    expect(cost).toMatchObject({ scale: 10, scaledBy: 'public.big', estimatedMs: 1000, confidence: 'scaled' });
    // The table's total size (indexes included) times the data ratio; its rebuilt index is not counted twice.
    expect(cost.diskBytes).toBe(12 * MiB * 10);
  });

  it('measures a small table against the floor, so overhead is not multiplied', () => {
    const cost = estimateCost(input({ rewrites: ['public.tiny'] }), stats, { tableSizes: { 'public.tiny': { rows: 1_000_000 } } });
    expect(cost.scale).toBe(100); // 1M rows / 10 000-row floor, not / 10 rows
    expect(cost.confidence).toBe('low');
  });

  it('does not scale catalog-only statements or DML touching a slice of a table', () => {
    const options = { rowsScale: 50 };
    expect(estimateCost(input({ columnsAdded: [{ relation: 'public.big', column: 'c', type: 'int' }] }), stats, options).scale).toBe(1);
    const slice = input({ tablesTouched: ['public.big'] }, { category: 'dml', rowsAffected: 1000 });
    expect(estimateCost(slice, stats, options).scale).toBe(1);
    const most = input({ tablesTouched: ['public.big'] }, { category: 'dml', rowsAffected: 90_000 });
    expect(estimateCost(most, stats, options).scale).toBe(50);
  });

  it('scales index builds and predicted scans, and counts the new index as disk', () => {
    const build = input({
      indexesAdded: [{ index: 'public.big_a', relation: 'public.big', definition: '', valid: true }],
      sizes: [{ relation: 'public.big_a', kind: 'index', bytesBefore: null, bytesAfter: MiB, totalBytesBefore: null, totalBytesAfter: MiB, estimated: false }],
    });
    expect(estimateCost(build, stats, { rowsScale: 3 })).toMatchObject({ scale: 3, diskBytes: 3 * MiB });
    expect(estimateCost(input({}, { predictedScans: ['public.big'] }), stats, { rowsScale: 3 }).scale).toBe(3);
  });

  it('uses the byte ratio when rows are unknown', () => {
    expect(sizeRatio('public.unknown', stats, { tableSizes: { 'public.unknown': { bytes: 40 * MiB } } })).toMatchObject({ time: 5 });
    expect(targetRows('public.big', stats, { rowsScale: 2 })).toBe(200_000);
    expect(targetRows('public.unknown', stats, { rowsScale: 2 })).toBeNull();
  });

  it('never takes the sizes of the dry-run database as the target’s', () => {
    expect(targetRows('public.big', stats, {})).toBeNull();
    expect(targetRows('public.big', stats, { tableSizes: { 'public.tiny': { rows: 5 } } })).toBeNull();
    expect(targetRows('public.big', stats, { rowsScale: 1 })).toBe(100_000);
    expect(targetRows('public.big', stats, { tableSizes: { 'public.big': { rows: 7 } }, rowsScale: 1 })).toBe(7);
    // bytes only: converted with this database's rows per byte (100 000 rows in 12 MiB)
    expect(targetRows('public.big', stats, { tableSizes: { 'public.big': { bytes: 24 * MiB } } })).toBe(200_000);
    expect(targetRows('public.unknown', stats, { tableSizes: { 'public.unknown': { bytes: 24 * MiB } } })).toBeNull();
  });
});
