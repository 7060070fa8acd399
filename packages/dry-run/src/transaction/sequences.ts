import type { Queryable } from '@confiture/core';
import { quoteIdent, userNamespaceCondition } from './user-namespaces.js';

/** The state of a sequence that `setval(seq, lastValue, isCalled)` reproduces exactly. */
export interface SequenceState {
  readonly oid: number;
  /** `schema.name`. */
  readonly name: string;
  /** As text: bigint does not fit a JavaScript number. */
  readonly lastValue: string;
  readonly isCalled: boolean;
}

/** What happened to the sequences the run advanced. */
export interface SequenceRestoreResult {
  readonly restored: readonly string[];
  readonly notRestored: ReadonlyArray<{ readonly sequence: string; readonly reason: string }>;
}

interface SequenceRef {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
}

// A union of one-row selects is one round trip for all sequences; chunks keep the text bounded.
const CHUNK = 400;

async function listSequences(queryable: Queryable): Promise<SequenceRef[]> {
  // Only sequences we may both read and set: one we cannot read we could not restore either,
  // and reading it without the privilege would fail the whole capture.
  const { rows } = await queryable.query<{ oid: number; schema: string; name: string }>(
    `select c.oid::int8 as oid, n.nspname as schema, c.relname as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'S' and ${userNamespaceCondition('n.nspname')}
        -- has_sequence_privilege raises on anything else than a sequence: guard it, since the
        -- planner may test it before relkind.
        and case when c.relkind = 'S' then has_sequence_privilege(c.oid, 'SELECT') and has_sequence_privilege(c.oid, 'UPDATE') else false end
      order by c.oid`,
  );
  return rows.map((r) => ({ oid: Number(r.oid), schema: r.schema, name: r.name }));
}

async function readValues(queryable: Queryable, sequences: readonly SequenceRef[]): Promise<SequenceState[]> {
  const out: SequenceState[] = [];
  for (let i = 0; i < sequences.length; i += CHUNK) {
    const chunk = sequences.slice(i, i + CHUNK);
    const sql = chunk
      .map((s) => `select ${s.oid}::int8 as oid, last_value::text as last_value, is_called from ${quoteIdent(s.schema)}.${quoteIdent(s.name)}`)
      .join(' union all ');
    const { rows } = await queryable.query<{ oid: number | string; last_value: string; is_called: boolean }>(sql);
    const byOid = new Map(chunk.map((s) => [s.oid, s]));
    for (const row of rows) {
      const ref = byOid.get(Number(row.oid));
      if (ref) out.push({ oid: ref.oid, name: `${ref.schema}.${ref.name}`, lastValue: String(row.last_value), isCalled: row.is_called === true });
    }
  }
  return out;
}

/**
 * Reads the position of every sequence of the user schemas. `nextval` is not transactional: a
 * rolled-back INSERT still consumes values, so the run puts them back afterwards.
 */
export async function captureSequences(queryable: Queryable): Promise<SequenceState[]> {
  return readValues(queryable, await listSequences(queryable));
}

/** Re-reads the given sequences (those that no longer exist are left out). */
export async function readSequences(queryable: Queryable, sequences: readonly SequenceState[]): Promise<SequenceState[]> {
  const refs = sequences.map((s) => {
    const dot = s.name.indexOf('.');
    return { oid: s.oid, schema: s.name.slice(0, dot), name: s.name.slice(dot + 1) };
  });
  // A sequence dropped concurrently would fail the union: check existence first.
  const { rows } = await queryable.query<{ oid: number | string }>(
    `select c.oid::int8 as oid from pg_class c where c.relkind = 'S' and c.oid = any (($1::text)::oid[])`,
    [`{${refs.map((r) => r.oid).join(',')}}`],
  );
  const alive = new Set(rows.map((r) => Number(r.oid)));
  return readValues(queryable, refs.filter((r) => alive.has(r.oid)));
}

function sameState(a: SequenceState, b: SequenceState): boolean {
  return a.lastValue === b.lastValue && a.isCalled === b.isCalled;
}

/**
 * Puts back the sequences the run advanced. `endOfRun` is the state read inside the transaction
 * just before ROLLBACK: a sequence is rewound only when it is still exactly there, so values another
 * session obtained in the meantime are never handed out twice (such a sequence is reported instead).
 * The compare and the setval are one statement, which keeps the race window to a single statement.
 */
export async function restoreSequences(
  queryable: Queryable,
  before: readonly SequenceState[],
  endOfRun: readonly SequenceState[],
): Promise<SequenceRestoreResult> {
  const end = new Map(endOfRun.map((s) => [s.oid, s]));
  const moved = before.filter((b) => {
    const e = end.get(b.oid);
    return e !== undefined && !sameState(b, e);
  });
  if (moved.length === 0) return { restored: [], notRestored: [] };
  const current = new Map((await readSequences(queryable, moved)).map((s) => [s.oid, s]));
  const restored: string[] = [];
  const notRestored: Array<{ sequence: string; reason: string }> = [];
  for (const b of moved) {
    const e = end.get(b.oid);
    const now = current.get(b.oid);
    if (!e || !now) continue;
    if (sameState(now, b)) continue; // The rollback itself restored it (ALTER SEQUENCE is transactional).
    if (!sameState(now, e)) {
      notRestored.push({
        sequence: b.name,
        reason: `another session used it during the dry-run (now at ${now.lastValue}, the run left it at ${e.lastValue}); rewinding it to ${b.lastValue} could hand out values twice`,
      });
      continue;
    }
    const dot = b.name.indexOf('.');
    const target = `${quoteIdent(b.name.slice(0, dot))}.${quoteIdent(b.name.slice(dot + 1))}`;
    const { rows } = await queryable.query(
      `select setval(${b.oid}::oid::regclass, $1::int8, $2::boolean) as v from ${target} s where s.last_value = $3::int8 and s.is_called = $4::boolean`,
      [b.lastValue, b.isCalled, e.lastValue, e.isCalled],
    );
    if (rows.length === 1) restored.push(b.name);
    else notRestored.push({ sequence: b.name, reason: 'another session used it while it was being restored' });
  }
  return { restored, notRestored };
}
