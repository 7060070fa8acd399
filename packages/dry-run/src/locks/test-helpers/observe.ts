// Runs one statement inside BEGIN ... ROLLBACK and reads what PostgreSQL really did: the
// relation locks of this backend (pg_locks), the relations whose relfilenode changed (rewrites)
// and the sequential scans counted by pg_stat_xact_user_tables. Used to check the static
// prediction against the server and PGlite.
import type { Queryable } from '@confiture/core';
import type { Catalog } from '../../catalog/catalog.js';
import { strongerLock } from '../conflicts.js';
import type { LockMode, StaticAnalysis } from '../../types.js';

export interface Observation {
  /** Strongest mode per pre-existing relation (`schema.name`). */
  readonly locks: Map<string, LockMode>;
  readonly rewrites: Set<string>;
  readonly scans: Set<string>;
  readonly error: string | null;
}

const LOCKS = `select l.relation::int8 as oid, l.mode from pg_locks l where l.pid = pg_backend_pid() and l.locktype = 'relation' and l.granted`;
const FILENODES = `select c.oid::int8 as oid, c.relfilenode::int8 as filenode from pg_class c`;
const SCANS = `select relid::int8 as oid, seq_scan::int8 as n from pg_stat_xact_user_tables`;

export async function observe(q: Queryable, sql: string, catalog: Catalog): Promise<Observation> {
  const byOid = new Map<number, { key: string; filenode: number | null }>();
  for (const r of catalog.snapshot.relations) if (r.oid !== null) byOid.set(r.oid, { key: `${r.schema}.${r.name}`, filenode: r.filenode });
  await q.query('begin');
  try {
    const scansBefore = new Map((await q.query(SCANS)).rows.map((r) => [Number(r.oid), Number(r.n)]));
    let error: string | null = null;
    try {
      await q.query(sql);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const locks = new Map<string, LockMode>();
    const rewrites = new Set<string>();
    const scans = new Set<string>();
    if (error === null) {
      for (const row of (await q.query(LOCKS)).rows) {
        const rel = byOid.get(Number(row.oid));
        if (!rel) continue;
        const current = locks.get(rel.key);
        locks.set(rel.key, current ? strongerLock(current, row.mode as LockMode) : (row.mode as LockMode));
      }
      for (const row of (await q.query(FILENODES)).rows) {
        const rel = byOid.get(Number(row.oid));
        if (rel && rel.filenode !== null && rel.filenode !== 0 && Number(row.filenode) !== rel.filenode) rewrites.add(rel.key);
      }
      for (const row of (await q.query(SCANS)).rows) {
        const rel = byOid.get(Number(row.oid));
        if (rel && Number(row.n) > (scansBefore.get(Number(row.oid)) ?? 0)) scans.add(rel.key);
      }
    }
    return { locks, rewrites, scans, error };
  } finally {
    await q.query('rollback');
  }
}

// Relations compared on locks: tables, partitioned tables, views, materialized views, foreign
// tables and sequences always; indexes only when the prediction names them (the implicit
// index locks PostgreSQL takes with a table are not predicted, see the README, Lock prediction).
const TABLE_LIKE = new Set(['r', 'p', 'v', 'm', 'f', 'S']);

/** Differences between prediction and observation; empty when they agree. */
export function compare(analysis: StaticAnalysis, observed: Observation, catalog: Catalog): string[] {
  const problems: string[] = [];
  if (observed.error !== null) return [`the statement failed on the server: ${observed.error}`];
  const kind = (key: string): string | undefined => catalog.relation(key)?.kind;
  const predicted = new Map(analysis.predictedLocks.filter((l) => !l.newRelation).map((l) => [l.relation, l]));
  for (const [relation, mode] of observed.locks) {
    const k = kind(relation);
    const p = predicted.get(relation);
    if (!p) {
      if (k !== undefined && TABLE_LIKE.has(k)) problems.push(`observed ${mode} on ${relation} (${k}) was not predicted`);
      continue;
    }
    if (p.mode !== mode) problems.push(`${relation}: predicted ${p.mode}, observed ${mode}`);
  }
  for (const [relation, p] of predicted) {
    if (!observed.locks.has(relation) && !p.conditional) problems.push(`predicted ${p.mode} on ${relation}, not observed`);
  }
  const storage = (key: string): boolean => kind(key) === 'r' || kind(key) === 'm';
  const predictedRewrites = new Set(analysis.predictedRewrites);
  for (const r of observed.rewrites) if (storage(r) && !predictedRewrites.has(r)) problems.push(`observed rewrite of ${r} was not predicted`);
  for (const r of predictedRewrites) if (!observed.rewrites.has(r)) problems.push(`predicted rewrite of ${r}, not observed`);
  for (const s of analysis.predictedScans) if (!observed.scans.has(s) && !observed.rewrites.has(s)) problems.push(`predicted scan of ${s}, not observed`);
  return problems;
}
