import type { RelationRow, RelationSize, StateSnapshot, TableDetail } from './impact-snapshot.js';
import { TABLE_KINDS } from './impact-snapshot.js';

/**
 * A relation created or dropped by a statement.
 *
 * @example
 * ```ts
 * statement.impact?.relationsCreated.map((r) => `${r.kind} ${r.relation}`); // ['table public.audit']
 * ```
 */export interface RelationChange {
  /** `schema.name`. */
  readonly relation: string;
  /** `table`, `index`, `view`, `materialized view`, `sequence`, `partitioned table`, `foreign table`. */
  readonly kind: string;
}

/**
 * A column added or dropped by a statement.
 *
 * @example
 * ```ts
 * statement.impact?.columnsAdded.map((c) => `${c.relation}.${c.column} ${c.type}`); // ['public.users.nickname text']
 * ```
 */
export interface ColumnChange {
  readonly relation: string;
  readonly column: string;
  readonly type: string;
}

/**
 * A column changed by a statement: its type, NOT NULL, default, or name.
 *
 * @example
 * ```ts
 * const retyped = statement.impact?.columnsAltered.filter((c) => c.change === 'type'); // [{ column: 'total', from: 'integer', to: 'bigint', ... }]
 * ```
 */
export interface ColumnAlteration {
  readonly relation: string;
  readonly column: string;
  readonly change: 'type' | 'not-null' | 'default' | 'rename';
  readonly from: string | null;
  readonly to: string | null;
}

/**
 * A constraint added, dropped or validated by a statement.
 *
 * @example
 * ```ts
 * const unvalidated = statement.impact?.constraintsAdded.filter((c) => !c.validated); // added NOT VALID
 * ```
 */
export interface ConstraintChange {
  readonly relation: string;
  readonly name: string;
  /** `primary key`, `unique`, `foreign key`, `check`, `exclusion`, `not null`. */
  readonly type: string;
  readonly validated: boolean;
  readonly definition: string;
}

/**
 * An index added or dropped by a statement.
 *
 * @example
 * ```ts
 * statement.impact?.indexesAdded.map((i) => `${i.index} on ${i.relation}`); // ['public.users_email on public.users']
 * ```
 */
export interface IndexChange {
  /** The index, `schema.name`. */
  readonly index: string;
  /** Its table. */
  readonly relation: string;
  readonly definition: string;
  readonly valid: boolean;
}

/**
 * Size of a relation before and after a statement, in bytes.
 *
 * @example
 * ```ts
 * for (const s of statement.impact?.sizes ?? []) console.log(s.relation, s.totalBytesBefore, '->', s.totalBytesAfter);
 * ```
 */export interface SizeChange {
  readonly relation: string;
  readonly kind: string;
  /** pg_relation_size; null when the relation did not exist. */
  readonly bytesBefore: number | null;
  readonly bytesAfter: number | null;
  /** pg_total_relation_size (for a table: with its indexes and TOAST). */
  readonly totalBytesBefore: number | null;
  readonly totalBytesAfter: number | null;
  /** True when a "before" figure is an estimate from pg_class.relpages. */
  readonly estimated: boolean;
}

/**
 * What a statement changed, from catalog snapshots taken around it.
 *
 * @example
 * ```ts
 * const impact = statement.impact;
 * if (impact && impact.rewrites.length > 0) console.log('rewrites', impact.rewrites, 'touching', impact.tablesTouched);
 * ```
 */export interface StatementImpact {
  /** Tables (views, matviews) the statement locked or changed, that existed before it. */
  readonly tablesTouched: readonly string[];
  readonly rowsAffected: number | null;
  /** Pre-existing tables and indexes whose storage was rewritten (pg_class.relfilenode changed). */
  readonly rewrites: readonly string[];
  readonly relationsCreated: readonly RelationChange[];
  readonly relationsDropped: readonly RelationChange[];
  readonly columnsAdded: readonly ColumnChange[];
  readonly columnsDropped: readonly ColumnChange[];
  readonly columnsAltered: readonly ColumnAlteration[];
  readonly constraintsAdded: readonly ConstraintChange[];
  readonly constraintsDropped: readonly ConstraintChange[];
  readonly constraintsValidated: readonly ConstraintChange[];
  readonly indexesAdded: readonly IndexChange[];
  readonly indexesDropped: readonly IndexChange[];
  readonly sizes: readonly SizeChange[];
}

const KIND_NAMES: Readonly<Record<string, string>> = {
  r: 'table',
  p: 'partitioned table',
  m: 'materialized view',
  f: 'foreign table',
  v: 'view',
  i: 'index',
  I: 'partitioned index',
  S: 'sequence',
};

/** A readable name for a pg_class.relkind. */
export function kindName(kind: string): string {
  return KIND_NAMES[kind] ?? kind;
}

/** An impact with nothing in it (a statement that was not executed). */
export function emptyImpact(rowsAffected: number | null = null): StatementImpact {
  return {
    tablesTouched: [],
    rowsAffected,
    rewrites: [],
    relationsCreated: [],
    relationsDropped: [],
    columnsAdded: [],
    columnsDropped: [],
    columnsAltered: [],
    constraintsAdded: [],
    constraintsDropped: [],
    constraintsValidated: [],
    indexesAdded: [],
    indexesDropped: [],
    sizes: [],
  };
}

/** The relations a statement changed in pg_class: created, dropped, rewritten, or with an updated row. */
export interface RelationDiff {
  readonly created: readonly RelationRow[];
  readonly dropped: readonly RelationRow[];
  /** Pre-existing relations whose relfilenode changed. */
  readonly rewritten: readonly RelationRow[];
  /** Relations whose pg_class row was updated (renamed, altered, granted...). */
  readonly updated: readonly RelationRow[];
}

/** Compares two pg_class snapshots. */
export function diffRelations(before: StateSnapshot, after: StateSnapshot): RelationDiff {
  const created: RelationRow[] = [];
  const rewritten: RelationRow[] = [];
  const updated: RelationRow[] = [];
  for (const [oid, row] of after.relations) {
    const old = before.relations.get(oid);
    if (!old) {
      created.push(row);
      continue;
    }
    // Relations without storage (views, partitioned tables) have relfilenode 0; a sequence gets a
    // new one on ALTER SEQUENCE, which rewrites nothing anyone waits for.
    if (row.kind !== 'S' && old.relfilenode !== 0 && row.relfilenode !== 0 && old.relfilenode !== row.relfilenode) rewritten.push(row);
    if (old.xmin !== row.xmin || old.name !== row.name) updated.push(row);
  }
  const dropped = [...before.relations.values()].filter((r) => !after.relations.has(r.oid));
  return { created, dropped, rewritten, updated };
}

/** Everything the diff of one statement needs. */
export interface ImpactInput {
  readonly before: StateSnapshot;
  readonly after: StateSnapshot;
  readonly relationDiff: RelationDiff;
  /** Oids of relations with a lock newly taken by the statement. */
  readonly newlyLocked: ReadonlySet<number>;
  /** Table details before the statement (cache) and after it (re-read), by table oid. */
  readonly detailsBefore: ReadonlyMap<number, TableDetail>;
  readonly detailsAfter: ReadonlyMap<number, TableDetail>;
  readonly sizesBefore: ReadonlyMap<number, RelationSize>;
  readonly sizesAfter: ReadonlyMap<number, RelationSize>;
  /** Relations that existed before the run. */
  readonly preexisting: ReadonlySet<number>;
  readonly rowsAffected: number | null;
}

function tableOf(row: RelationRow): number | null {
  if (TABLE_KINDS.has(row.kind)) return row.oid;
  if ((row.kind === 'i' || row.kind === 'I') && row.tableOid !== null) return row.tableOid;
  return null;
}

/**
 * The tables whose columns, constraints and indexes must be re-read after a statement: those it
 * newly locked, changed in pg_class, created, or whose indexes it created, dropped or rebuilt;
 * plus `extra` (the tables the static analysis expected it to lock, which catches a second ALTER on
 * a table the transaction already locks in the same mode).
 */
export function tablesToInspect(input: Pick<ImpactInput, 'before' | 'after' | 'relationDiff' | 'newlyLocked'>, extra: Iterable<number>): number[] {
  const out = new Set<number>();
  const add = (row: RelationRow | undefined): void => {
    const table = row ? tableOf(row) : null;
    if (table !== null && input.after.relations.has(table)) out.add(table);
  };
  for (const oid of input.newlyLocked) add(input.after.relations.get(oid) ?? input.before.relations.get(oid));
  const d = input.relationDiff;
  for (const row of [...d.created, ...d.dropped, ...d.rewritten, ...d.updated]) add(row);
  for (const oid of extra) add(input.after.relations.get(oid));
  return [...out].sort((a, b) => a - b);
}

/** Turns the snapshots around one statement into its {@link StatementImpact}. */
export function computeImpact(input: ImpactInput): StatementImpact {
  const impact = emptyImpact(input.rowsAffected);
  const d = input.relationDiff;
  const name = (oid: number): string => input.after.relations.get(oid)?.name ?? input.before.relations.get(oid)?.name ?? String(oid);

  const touched = new Set<string>();
  for (const oid of input.newlyLocked) {
    const row = input.after.relations.get(oid) ?? input.before.relations.get(oid);
    if (row && TABLE_KINDS.has(row.kind) && input.preexisting.has(oid)) touched.add(row.name);
  }

  // ALTER COLUMN TYPE rebuilds the indexes on the column as new relations with the same names:
  // a drop and a create of the same name and kind in one statement is a rebuild.
  const rebuilt = new Set<string>();
  for (const c of d.created) if (d.dropped.some((x) => x.name === c.name && x.kind === c.kind)) rebuilt.add(c.name);
  const relationsCreated = d.created.filter((r) => !rebuilt.has(r.name)).map((r) => ({ relation: r.name, kind: kindName(r.kind) }));
  const relationsDropped = d.dropped.filter((r) => !rebuilt.has(r.name)).map((r) => ({ relation: r.name, kind: kindName(r.kind) }));
  const rewrites = [...d.rewritten, ...d.created.filter((r) => rebuilt.has(r.name))]
    .sort((a, b) => Number(!TABLE_KINDS.has(a.kind)) - Number(!TABLE_KINDS.has(b.kind)) || a.name.localeCompare(b.name))
    .map((r) => r.name);

  const columnsAdded: ColumnChange[] = [];
  const columnsDropped: ColumnChange[] = [];
  const columnsAltered: ColumnAlteration[] = [];
  const constraintsAdded: ConstraintChange[] = [];
  const constraintsDropped: ConstraintChange[] = [];
  const constraintsValidated: ConstraintChange[] = [];
  const indexesAdded: IndexChange[] = [];
  const indexesDropped: IndexChange[] = [];
  const createdOids = new Set(d.created.map((r) => r.oid));

  for (const [oid, after] of input.detailsAfter) {
    const before = input.detailsBefore.get(oid);
    if (!before) continue; // Created by this statement: reported as created, not column by column.
    const relation = after.name;
    for (const [attnum, col] of after.columns) {
      const old = before.columns.get(attnum);
      if (!old) {
        columnsAdded.push({ relation, column: col.name, type: col.type });
        continue;
      }
      if (old.name !== col.name) columnsAltered.push({ relation, column: col.name, change: 'rename', from: old.name, to: col.name });
      if (old.type !== col.type) columnsAltered.push({ relation, column: col.name, change: 'type', from: old.type, to: col.type });
      if (old.notNull !== col.notNull) columnsAltered.push({ relation, column: col.name, change: 'not-null', from: old.notNull ? 'not null' : 'null', to: col.notNull ? 'not null' : 'null' });
      if (old.default !== col.default) columnsAltered.push({ relation, column: col.name, change: 'default', from: old.default, to: col.default });
    }
    for (const [attnum, old] of before.columns) {
      if (!after.columns.has(attnum)) columnsDropped.push({ relation, column: old.name, type: old.type });
    }
    for (const [conname, con] of after.constraints) {
      const old = before.constraints.get(conname);
      if (!old) constraintsAdded.push({ relation, name: conname, ...con });
      else if (!old.validated && con.validated) constraintsValidated.push({ relation, name: conname, ...con });
    }
    for (const [conname, old] of before.constraints) {
      if (!after.constraints.has(conname)) constraintsDropped.push({ relation, name: conname, ...old });
    }
    for (const [indexOid, index] of after.indexes) {
      if (!before.indexes.has(indexOid) && !rebuilt.has(name(indexOid))) indexesAdded.push({ index: name(indexOid), relation, definition: index.definition, valid: index.valid });
    }
    for (const [indexOid, old] of before.indexes) {
      const schema = relation.slice(0, relation.indexOf('.'));
      if (!after.indexes.has(indexOid) && !rebuilt.has(`${schema}.${old.name}`)) {
        indexesDropped.push({ index: `${schema}.${old.name}`, relation, definition: old.definition, valid: old.valid });
      }
    }
    if (input.preexisting.has(oid)) touched.add(relation);
  }
  // A dropped table takes its details along: report its columns as dropped data.
  for (const row of d.dropped) {
    if (!TABLE_KINDS.has(row.kind)) continue;
    touched.add(row.name);
  }

  const sizes: SizeChange[] = [];
  for (const [oid, after] of input.sizesAfter) {
    const row = input.after.relations.get(oid);
    if (!row) continue;
    const before = createdOids.has(oid) ? undefined : input.sizesBefore.get(oid);
    sizes.push({
      relation: row.name,
      kind: kindName(row.kind),
      bytesBefore: before?.bytes ?? null,
      bytesAfter: after.bytes,
      totalBytesBefore: before?.totalBytes ?? null,
      totalBytesAfter: after.totalBytes,
      estimated: before?.estimated === true,
    });
  }
  sizes.sort((a, b) => a.relation.localeCompare(b.relation));

  return {
    ...impact,
    tablesTouched: [...touched].sort(),
    rewrites,
    relationsCreated,
    relationsDropped,
    columnsAdded,
    columnsDropped,
    columnsAltered,
    constraintsAdded,
    constraintsDropped,
    constraintsValidated,
    indexesAdded,
    indexesDropped,
    sizes,
  };
}
