import type { Queryable } from '@confiture/core';
import { freshPglite, useTestDatabase } from '@confiture/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../catalog/catalog.js';
import { loadCatalog } from '../catalog/load.js';
import { classifyStatements } from '../classify/classify.js';
import { ensureParser } from '../parse/parser.js';
import { splitStatementsSync } from '../parse/split.js';
import type { StaticAnalysis } from '../types.js';
import { analyzeStatement } from './predict.js';
import { CASES, FIXTURE, STATIC_ONLY } from './test-helpers/fixture.js';
import { compare, observe } from './test-helpers/observe.js';

function analyze(sql: string, catalog: Catalog): StaticAnalysis {
  const [statement] = classifyStatements(splitStatementsSync([{ file: 'case.sql', sql }]), { catalog });
  if (!statement) throw new Error(`no statement: ${sql}`);
  return analyzeStatement(statement, catalog.fork());
}

async function check(q: Queryable, catalog: Catalog, sql: string): Promise<void> {
  const analysis = analyze(sql, catalog);
  const observed = await observe(q, sql, catalog);
  const problems = compare(analysis, observed, catalog);
  expect(problems, `${sql}\npredicted: ${JSON.stringify(analysis.predictedLocks.map((l) => `${l.relation}:${l.mode}${l.conditional ? '?' : ''}`))} rewrites ${JSON.stringify(analysis.predictedRewrites)} scans ${JSON.stringify(analysis.predictedScans)}\nobserved: ${JSON.stringify([...observed.locks])} rewrites ${JSON.stringify([...observed.rewrites])} scans ${JSON.stringify([...observed.scans])}`).toEqual([]);
}

beforeAll(async () => {
  await ensureParser();
});

describe('static lock prediction agrees with pg_locks on the PostgreSQL server', () => {
  const db = useTestDatabase();
  let client: Queryable;
  let catalog: Catalog;

  beforeAll(async () => {
    const c = await db.current.client();
    await c.query(FIXTURE);
    catalog = await loadCatalog(c);
    client = c;
  });

  it('uses a PostgreSQL server', () => {
    expect(catalog.serverVersion).toBeGreaterThanOrEqual(150000);
  });

  it.each(CASES.map((c) => [c.sql]))('%s', async (sql) => {
    await check(client, catalog, sql);
  });
});

describe('static lock prediction agrees with pg_locks on PGlite (PostgreSQL 18)', () => {
  let lite: Queryable & { close(): Promise<void> };
  let catalog: Catalog;

  beforeAll(async () => {
    lite = await freshPglite();
    await (lite as unknown as { exec(sql: string): Promise<unknown> }).exec(FIXTURE);
    catalog = await loadCatalog(lite);
  }, 120_000);

  afterAll(async () => {
    await lite?.close();
  });

  it('uses PostgreSQL 18', () => {
    expect(catalog.serverVersion).toBeGreaterThanOrEqual(180000);
  });

  it.each(CASES.filter((c) => !c.pgliteSkip).map((c) => [c.sql]))('%s', async (sql) => {
    await check(lite, catalog, sql);
  });
});

describe('statements that cannot run in a transaction are predicted statically', () => {
  const db = useTestDatabase();
  let catalog: Catalog;

  beforeAll(async () => {
    const c = await db.current.client();
    await c.query(FIXTURE);
    catalog = await loadCatalog(c);
  });

  it('really cannot run inside a transaction block', async () => {
    const c = await db.current.client();
    for (const sql of STATIC_ONLY) {
      await c.query('begin');
      await expect(c.query(sql), sql).rejects.toThrow(/cannot run inside a transaction block/);
      await c.query('rollback');
    }
  });

  it('predicts the locks of the concurrent and vacuum forms', () => {
    const locks = (sql: string) => analyze(sql, catalog).predictedLocks.map((l) => [l.relation, l.mode]);
    expect(locks('create index concurrently on child(c)')).toEqual([['public.child', 'ShareUpdateExclusiveLock']]);
    expect(locks('drop index concurrently child_email')).toEqual([
      ['public.child_email', 'ShareUpdateExclusiveLock'],
      ['public.child', 'ShareUpdateExclusiveLock'],
    ]);
    expect(locks('reindex index concurrently child_email')).toEqual([
      ['public.child_email', 'ShareUpdateExclusiveLock'],
      ['public.child', 'ShareUpdateExclusiveLock'],
    ]);
    expect(locks('vacuum loose')).toEqual([['public.loose', 'ShareUpdateExclusiveLock']]);
    const full = analyze('vacuum full loose', catalog);
    expect(full.predictedLocks.map((l) => [l.relation, l.mode])).toEqual([['public.loose', 'AccessExclusiveLock']]);
    expect(full.predictedRewrites).toEqual(['public.loose']);
    expect(analyze('create index concurrently on child(c)', catalog).predictedScans).toEqual(['public.child']);
  });
});
