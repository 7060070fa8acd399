import type { ConstraintInfo, IndexInfo, SchemaSnapshot, TableInfo } from '../../types.js';

/**
 * Lookups over a snapshot shared by the rules: tables by qualified name, their indexes and
 * constraints, and partition families. Built once per snapshot object and shared by every rule
 * of a lint run (see {@link buildModel}); plain maps beat anything cleverer.
 */
export interface SnapshotModel {
  readonly snapshot: SchemaSnapshot;
  table(qualifiedName: string): TableInfo | undefined;
  indexesOf(qualifiedName: string): readonly IndexInfo[];
  constraintsOf(qualifiedName: string): readonly ConstraintInfo[];
  /** Direct partitions of a partitioned table that are in the snapshot. */
  partitionsOf(qualifiedName: string): readonly TableInfo[];
  /** Leaf partitions below a partitioned table (itself when it is not partitioned). */
  leavesOf(qualifiedName: string): readonly TableInfo[];
  /** The top partitioned table of a partition (itself otherwise), following parents in the snapshot. */
  rootOf(table: TableInfo): TableInfo;
  /** A partition whose parent is in the snapshot: judged at the parent. */
  isJudgedAtParent(table: TableInfo): boolean;
  /** Tables that are checked on their own: ordinary and partitioned tables, not partitions. */
  readonly checkedTables: readonly TableInfo[];
  /** The columns of the table's primary key (constraint, else primary index), or null; computed once per table. */
  primaryKeyOf(table: TableInfo): readonly string[] | null;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

// Every rule asks for the model of the same snapshot: on 10,000 tables, rebuilding it per rule
// cost more than most rules' own work. Keyed by the snapshot object, so a snapshot that is
// dropped takes its model with it. A snapshot is plain data a caller may still edit between two
// lint runs, so the lists the model indexes are checked (same arrays, same lengths) before reuse.
const models = new WeakMap<SchemaSnapshot, { model: SnapshotModel; lists: readonly unknown[] }>();

const indexedLists = (s: SchemaSnapshot): unknown[] => [s.tables, s.tables.length, s.indexes, s.indexes.length, s.constraints, s.constraints.length];

/** The {@link SnapshotModel} of a snapshot, built on first use and reused for that snapshot object. */
export function buildModel(snapshot: SchemaSnapshot): SnapshotModel {
  const lists = indexedLists(snapshot);
  const cached = models.get(snapshot);
  if (cached && cached.lists.every((value, i) => value === lists[i])) return cached.model;
  const model = createModel(snapshot);
  models.set(snapshot, { model, lists });
  return model;
}

function createModel(snapshot: SchemaSnapshot): SnapshotModel {
  const tables = new Map(snapshot.tables.map((t) => [t.qualifiedName, t]));
  const indexes = groupBy(snapshot.indexes, (i) => i.table);
  const constraints = groupBy(snapshot.constraints, (c) => c.table);
  const partitions = groupBy(
    snapshot.tables.filter((t) => t.partitionOf !== null),
    (t) => t.partitionOf ?? '',
  );
  const isJudgedAtParent = (t: TableInfo): boolean => t.partitionOf !== null && tables.has(t.partitionOf);
  const leavesOf = (name: string): TableInfo[] => {
    const children = partitions.get(name) ?? [];
    if (children.length === 0) {
      const self = tables.get(name);
      return self && self.kind !== 'partitioned-table' ? [self] : [];
    }
    return children.flatMap((c) => leavesOf(c.qualifiedName));
  };
  const rootOf = (t: TableInfo): TableInfo => {
    let current = t;
    const seen = new Set<string>();
    while (current.partitionOf !== null && !seen.has(current.qualifiedName)) {
      seen.add(current.qualifiedName);
      const parent = tables.get(current.partitionOf);
      if (!parent) break;
      current = parent;
    }
    return current;
  };
  const primaryKeys = new Map<TableInfo, readonly string[] | null>();
  const model: SnapshotModel = {
    snapshot,
    table: (name) => tables.get(name),
    indexesOf: (name) => indexes.get(name) ?? [],
    constraintsOf: (name) => constraints.get(name) ?? [],
    partitionsOf: (name) => partitions.get(name) ?? [],
    leavesOf,
    rootOf,
    isJudgedAtParent,
    checkedTables: snapshot.tables.filter((t) => t.kind !== 'foreign-table' && !isJudgedAtParent(t)),
    primaryKeyOf: (table) => {
      let key = primaryKeys.get(table);
      if (key === undefined) {
        key = findPrimaryKey(model, table);
        primaryKeys.set(table, key);
      }
      return key;
    },
  };
  return model;
}

/** The columns of the table's primary key, or null when it has none. */
export function primaryKeyColumns(model: SnapshotModel, table: TableInfo): readonly string[] | null {
  return model.primaryKeyOf(table);
}

function findPrimaryKey(model: SnapshotModel, table: TableInfo): readonly string[] | null {
  const pk = model.constraintsOf(table.qualifiedName).find((c) => c.type === 'primary-key');
  if (pk) return pk.columns;
  const index = model.indexesOf(table.qualifiedName).find((i) => i.isPrimary);
  if (index && index.keys.every((k) => k.column !== null)) return index.keys.map((k) => k.column as string);
  return null;
}
