import type { QualifiedName } from '../parse/ast.js';
import type { LockMode } from '../types.js';
import type {
  CatalogColumn,
  CatalogConstraint,
  CatalogDependency,
  CatalogEntry,
  CatalogFunction,
  CatalogSnapshot,
  CatalogType,
} from './types.js';

/**
 * A relation name resolved against the catalog and the search path.
 *
 * @example
 * ```ts
 * const users = catalog.resolve({ schema: null, name: 'users' });
 * users.key; // 'public.users' (through the search path)
 * users.entry === undefined; // true when it does not exist
 * ```
 */export interface ResolvedRelation {
  /** `schema.name` (unquoted). */
  readonly key: string;
  readonly schema: string;
  readonly name: string;
  /** The relation, when the catalog knows it (it exists before the statement runs). */
  readonly entry: CatalogEntry | undefined;
}

// Lookup structures built once per snapshot and shared by every fork of it.
class BaseIndex {
  readonly relations = new Map<string, CatalogEntry>();
  readonly indexesByTable = new Map<string, CatalogEntry[]>();
  readonly childrenByParent = new Map<string, string[]>();
  readonly ownedSequences = new Map<string, CatalogEntry[]>();
  readonly constraintsByTable = new Map<string, CatalogConstraint[]>();
  readonly referencing = new Map<string, CatalogConstraint[]>();
  readonly functionsByName = new Map<string, CatalogFunction[]>();
  readonly typesByName = new Map<string, CatalogType[]>();
  readonly dependentsByRelation = new Map<string, CatalogDependency[]>();
  readonly dependentsByFunction = new Map<string, CatalogDependency[]>();
  readonly dependentsByType = new Map<string, CatalogDependency[]>();
  /** Dependencies by the relation that depends (a view's own dependencies). */
  readonly dependenciesOf = new Map<string, CatalogDependency[]>();
  readonly schemas: Set<string>;

  constructor(readonly snapshot: CatalogSnapshot) {
    this.schemas = new Set(snapshot.schemas);
    for (const given of snapshot.relations) {
      const r = canonicalEntry(given);
      const key = `${r.schema}.${r.name}`;
      this.relations.set(key, r);
      if (r.table) push(this.indexesByTable, r.table, r);
      for (const p of r.parents) push(this.childrenByParent, p, key);
      if (r.ownedBy) push(this.ownedSequences, r.ownedBy.table, r);
    }
    for (const given of snapshot.constraints) {
      const c = canonicalConstraint(given);
      push(this.constraintsByTable, c.table, c);
      if (c.referencedTable) push(this.referencing, c.referencedTable, c);
    }
    for (const f of snapshot.functions) push(this.functionsByName, f.name, f);
    for (const t of snapshot.types) push(this.typesByName, t.name, t);
    for (const d of snapshot.dependencies) {
      if (d.referencedRelation) push(this.dependentsByRelation, d.referencedRelation, d);
      if (d.referencedFunction) push(this.dependentsByFunction, d.referencedFunction, d);
      if (d.referencedType) push(this.dependentsByType, d.referencedType, d);
      if (d.relation) push(this.dependenciesOf, d.relation, d);
    }
  }
}

// Snapshot objects are copied into the field order of the entries, columns and constraints the
// run creates (newEntry, runEntry, record.ts): one hidden class per kind of object, so that the
// hot property reads of the analysis stay monomorphic whatever produced the snapshot (a
// database query, JSON, an embedder's literals with optional fields in any order).
function canonicalColumn(c: CatalogColumn): CatalogColumn {
  return {
    name: c.name,
    type: c.type,
    typeName: c.typeName,
    typeSchema: c.typeSchema,
    typmod: c.typmod,
    notNull: c.notNull,
    default: c.default,
    identity: c.identity,
    generated: c.generated,
    sequence: c.sequence,
  };
}

function canonicalEntry(e: CatalogEntry): CatalogEntry {
  return {
    table: e.table,
    schema: e.schema,
    name: e.name,
    kind: e.kind,
    rowEstimate: e.rowEstimate,
    sizeBytes: e.sizeBytes,
    oid: e.oid,
    filenode: e.filenode,
    persistence: e.persistence,
    tablespace: e.tablespace,
    parents: e.parents,
    isPartition: e.isPartition,
    defaultPartition: e.defaultPartition,
    partitionKey: e.partitionKey,
    columns: e.columns.map(canonicalColumn),
    index: e.index,
    ownedBy: e.ownedBy,
    foreignDataWrapper: e.foreignDataWrapper,
    triggers: e.triggers,
    createdInRun: e.createdInRun,
  };
}

function canonicalConstraint(c: CatalogConstraint): CatalogConstraint {
  return {
    table: c.table,
    name: c.name,
    type: c.type,
    columns: c.columns,
    validated: c.validated,
    definition: c.definition,
    expression: c.expression,
    referencedTable: c.referencedTable,
    referencedColumns: c.referencedColumns,
    onDelete: c.onDelete,
    onUpdate: c.onUpdate,
    index: c.index,
    createdInRun: c.createdInRun,
  };
}

const isForeignKey = (c: CatalogConstraint): boolean => c.referencedTable !== null && c.referencedTable !== undefined;

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) {
    // new Set([value]) goes through the iterator protocol: slower, for one value.
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Facts about the current run that the static analysis carries from one statement to the next.
 *
 * @example
 * ```ts
 * const run = catalog.fork();
 * analyzeStatement(statement, run);
 * run.run.lockTimeoutFiles.has('up.sql'); // true once a SET lock_timeout of up.sql was analyzed
 * ```
 */export interface RunState {
  /** Files (null for inline SQL) where a `SET lock_timeout` (non-zero) has been seen. */
  readonly lockTimeoutFiles: Set<string | null>;
  /**
   * Per file run in one transaction: the lock modes its statements so far took on each
   * pre-existing relation (`schema.name`). A later statement whose lock they already cover
   * does not wait, so it needs no lock_timeout.
   */
  readonly locksHeld: Map<string | null, Map<string, Set<LockMode>>>;
  /**
   * ALTER TABLE statements so far per file and pre-existing table (`schema.name`): how many,
   * and where the first few are.
   */
  readonly alters: Map<string | null, Map<string, { count: number; first: { index: number; file: string | null; line: number }[] }>>;
  /**
   * Marks the parse trees of the statements already recorded in this run's overlay (a statement
   * is recorded once): `ast[RECORDED] === token`.
   */
  readonly token: object;
}

const EMPTY_SNAPSHOT: CatalogSnapshot = {
  serverVersion: 180000,
  searchPath: ['pg_catalog', 'public'],
  currentUser: 'postgres',
  timeZone: 'UTC',
  schemas: ['public'],
  relations: [],
  constraints: [],
  functions: [],
  types: [],
  dependencies: [],
  extensions: [],
};

/**
 * What the static analysis knows about the database: a snapshot read by {@link loadCatalog}
 * (or an empty one), plus an overlay of what the statements of the current run did so far
 * (tables created, dropped, renamed, columns added, constraints validated, `search_path` set).
 * `analyzeStatement` records each statement it analyzes into the overlay, so later
 * statements resolve names the way PostgreSQL will; {@link Catalog.fork} starts a new run on
 * the same snapshot.
 *
 * Names resolve like PostgreSQL does: a qualified name as written; an unqualified one through
 * the search path (`current_schemas(true)` when loaded from a database, `public` for an
 * empty catalog).
 *
 * @example
 * ```ts
 * const catalog = await loadCatalog(client);
 * const users = catalog.resolve({ schema: null, name: 'users' });
 * users.entry?.rowEstimate; // e.g. 1250000
 * ```
 */
export class Catalog {
  /** True when the snapshot was read from a database (missing names are really missing). */
  readonly live: boolean;
  private readonly base: BaseIndex;
  // The snapshot's relations with the run's changes applied (null: dropped), copied per run so
  // that a lookup, the most frequent operation of the analysis, is one hash lookup.
  private readonly relations: Map<string, CatalogEntry | null>;
  private readonly constraints = new Map<string, CatalogConstraint[]>();
  // Secondary indexes of the overlay, so that lookups stay cheap in long runs.
  private readonly overlayByTable = new Map<string, Set<string>>();
  private readonly overlayByParent = new Map<string, Set<string>>();
  private readonly overlayByOwner = new Map<string, Set<string>>();
  // Foreign keys of the overlay by the table they reference, then by their own table (in the
  // order of its constraint list): lists only actual references, kept in step by setConstraints.
  private readonly overlayReferencing = new Map<string, Map<string, CatalogConstraint[]>>();
  private readonly resolved = new Map<string | null, Map<string, ResolvedRelation>>();
  // referencingConstraints() per referenced table: UPDATEs and DELETEs of a long run ask for the
  // same tables over and over; kept until a constraint referencing the table changes.
  private readonly referencing = new Map<string, readonly CatalogConstraint[]>();
  // The tables each overlay constraint list references (to undo its index entries).
  private readonly indexedTargets = new Map<string, string[]>();
  private readonly functions = new Map<string, CatalogFunction[]>();
  private readonly types = new Map<string, CatalogType[]>();
  private readonly schemas = new Map<string, boolean>();
  private path: readonly string[];
  private extensionsCreated = false;
  /** State of the run, for hazards spanning statements. */
  readonly run: RunState = { lockTimeoutFiles: new Set(), locksHeld: new Map(), alters: new Map(), token: {} };

  private constructor(base: BaseIndex, live: boolean) {
    this.base = base;
    this.live = live;
    this.path = base.snapshot.searchPath;
    this.relations = new Map<string, CatalogEntry | null>(base.relations);
  }

  /** A catalog over a snapshot read from a database. */
  static fromSnapshot(snapshot: CatalogSnapshot): Catalog {
    return new Catalog(new BaseIndex(snapshot), true);
  }

  /**
   * A catalog that knows nothing about the database (PostgreSQL 18 rules, `public` schema);
   * it still learns from the statements of the run.
   */
  static empty(options: { serverVersion?: number } = {}): Catalog {
    return new Catalog(new BaseIndex({ ...EMPTY_SNAPSHOT, serverVersion: options.serverVersion ?? EMPTY_SNAPSHOT.serverVersion }), false);
  }

  /** A new run over the same snapshot: the overlay and run state start empty. */
  fork(): Catalog {
    return new Catalog(this.base, this.live);
  }

  get snapshot(): CatalogSnapshot {
    return this.base.snapshot;
  }

  get serverVersion(): number {
    return this.base.snapshot.serverVersion;
  }

  get timeZone(): string {
    return this.base.snapshot.timeZone;
  }

  /** The search path in effect (after any `SET search_path` of the run). */
  get searchPath(): readonly string[] {
    return this.path;
  }

  /** Schema where an unqualified CREATE puts its object: the first existing schema of the path. */
  get creationSchema(): string {
    for (const s of this.path) {
      if (s === 'pg_catalog' || s.startsWith('pg_temp')) continue;
      if (this.hasSchema(s)) return s;
    }
    return 'public';
  }

  hasSchema(name: string): boolean {
    const o = this.schemas.get(name);
    if (o !== undefined) return o;
    // Without a database every schema named is assumed to exist.
    return !this.live || this.base.schemas.has(name);
  }

  /** A relation by `schema.name`, as the run left it. */
  relation(key: string): CatalogEntry | undefined {
    return this.relations.get(key) ?? undefined;
  }

  /** Resolves a relation name (qualified or through the search path). */
  resolve(ref: QualifiedName): ResolvedRelation {
    return this.resolveName(ref.schema, ref.name);
  }

  /** {@link Catalog.resolve} without a name object: `schema` null when not qualified. */
  resolveName(schema: string | null, name: string): ResolvedRelation {
    // Resolutions are cached until the overlay or the search path changes: a run names the same
    // relations over and over, and the cache spares building and hashing `schema.name` keys.
    let bySchema = this.resolved.get(schema);
    const cached = bySchema?.get(name);
    if (cached) return cached;
    const result = this.resolveUncached(schema, name);
    if (!bySchema) {
      bySchema = new Map();
      this.resolved.set(schema, bySchema);
    }
    bySchema.set(name, result);
    return result;
  }

  private resolveUncached(qualifier: string | null, name: string): ResolvedRelation {
    if (qualifier !== null) {
      const key = `${qualifier}.${name}`;
      return { key, schema: qualifier, name, entry: this.relation(key) };
    }
    for (const schema of this.path) {
      const key = `${schema}.${name}`;
      const entry = this.relation(key);
      if (entry) return { key, schema, name, entry };
    }
    const schema = this.creationSchema;
    return { key: `${schema}.${name}`, schema, name, entry: undefined };
  }

  /** Indexes of a table (overlay included). */
  indexesOf(table: string): CatalogEntry[] {
    return this.collect(this.base.indexesByTable.get(table) ?? [], this.overlayByTable.get(table), (e) => e.table === table);
  }

  // Base candidates still matching after the overlay, plus overlay entries that match.
  private collect(candidates: readonly CatalogEntry[], overlay: ReadonlySet<string> | undefined, matches: (entry: CatalogEntry) => boolean): CatalogEntry[] {
    if (candidates.length === 0 && overlay === undefined) return [];
    const out = new Map<string, CatalogEntry>();
    for (const c of candidates) {
      const key = `${c.schema}.${c.name}`;
      const current = this.relation(key);
      if (current && matches(current)) out.set(key, current);
    }
    for (const key of overlay ?? []) {
      const entry = this.relations.get(key);
      if (entry && matches(entry)) out.set(key, entry);
    }
    return [...out.values()];
  }

  private setRelation(key: string, entry: CatalogEntry | null): void {
    const existed = entry !== null && this.relation(key) !== undefined;
    // Created or dropped: the foreign keys of the table appear in or leave the lists of the tables they reference.
    if (!existed) this.forgetReferencing(this.constraintsOf(key));
    this.relations.set(key, entry);
    // Only the resolutions of this name change (qualified, or through the search path). A
    // relation replaced by its new version (ALTER) resolves the same way: the cached
    // resolutions to it get the new entry rather than being computed again.
    const dot = key.indexOf('.');
    const name = key.slice(dot + 1);
    const qualified = this.resolved.get(key.slice(0, dot));
    const unqualified = this.resolved.get(null);
    if (existed) {
      const q = qualified?.get(name);
      if (q !== undefined && q.key === key) qualified?.set(name, { key, schema: q.schema, name, entry: entry ?? undefined });
      const u = unqualified?.get(name);
      if (u !== undefined && u.key === key) unqualified?.set(name, { key, schema: u.schema, name, entry: entry ?? undefined });
    } else {
      qualified?.delete(name);
      unqualified?.delete(name);
    }
    if (!entry) return;
    if (entry.table) addTo(this.overlayByTable, entry.table, key);
    for (const p of entry.parents) addTo(this.overlayByParent, p, key);
    if (entry.ownedBy) addTo(this.overlayByOwner, entry.ownedBy.table, key);
  }

  private setConstraints(table: string, constraints: CatalogConstraint[]): void {
    this.forgetReferencing(this.constraintsOf(table));
    this.forgetReferencing(constraints);
    this.constraints.set(table, constraints);
    this.indexReferences(table, constraints);
  }

  /** Direct children: partitions of a partitioned table, or inheritance children. */
  childrenOf(table: string): string[] {
    if (!this.base.childrenByParent.has(table) && !this.overlayByParent.has(table)) return [];
    const candidates = (this.base.childrenByParent.get(table) ?? []).map((k) => this.base.relations.get(k)).filter((e): e is CatalogEntry => e !== undefined);
    return this.collect(candidates, this.overlayByParent.get(table), (e) => e.parents.includes(table)).map((e) => `${e.schema}.${e.name}`);
  }

  /** All descendants (partitions of partitions, inheritance trees), depth first. */
  descendantsOf(table: string): string[] {
    const direct = this.childrenOf(table);
    if (direct.length === 0) return direct;
    const out: string[] = [];
    const seen = new Set<string>([table]);
    const visit = (t: string): void => {
      for (const c of this.childrenOf(t)) {
        if (seen.has(c)) continue;
        seen.add(c);
        out.push(c);
        visit(c);
      }
    };
    visit(table);
    return out;
  }

  /** Sequences owned by the columns of a table (serial and identity columns). */
  ownedSequencesOf(table: string): CatalogEntry[] {
    return this.collect(this.base.ownedSequences.get(table) ?? [], this.overlayByOwner.get(table), (e) => e.ownedBy?.table === table);
  }

  column(table: string, name: string): CatalogColumn | undefined {
    return this.relation(table)?.columns.find((c) => c.name === name);
  }

  /** Constraints of a table, overlay included. */
  constraintsOf(table: string): readonly CatalogConstraint[] {
    return this.constraints.get(table) ?? this.base.constraintsByTable.get(table) ?? [];
  }

  /** True when some foreign key may reference the table (cheaper than listing them). */
  mayBeReferenced(table: string): boolean {
    return this.base.referencing.has(table) || (this.overlayReferencing.get(table)?.size ?? 0) > 0;
  }

  /** Foreign keys of other tables (or the same one) that reference a table (do not modify the list). */
  referencingConstraints(table: string): readonly CatalogConstraint[] {
    const cached = this.referencing.get(table);
    if (cached !== undefined) return cached;
    const list = this.referencingUncached(table);
    this.referencing.set(table, list);
    return list;
  }

  // The cached lists that a change of these constraints (added, removed, or their table created
  // or dropped) makes stale: those of the tables they reference.
  private forgetReferencing(constraints: readonly CatalogConstraint[] | undefined): void {
    if (constraints === undefined || this.referencing.size === 0) return;
    for (let i = 0; i < constraints.length; i++) {
      const referenced = (constraints[i] as CatalogConstraint).referencedTable;
      if (referenced) this.referencing.delete(referenced);
    }
  }

  private referencingUncached(table: string): readonly CatalogConstraint[] {
    const base = this.base.referencing.get(table);
    const overlay = this.overlayReferencing.get(table);
    if (!base && !overlay) return NO_CONSTRAINTS;
    const out: CatalogConstraint[] = [];
    // A table whose constraint list the overlay replaced is read from the overlay list only.
    for (const c of base ?? []) {
      if (!this.constraints.has(c.table) && this.relation(c.table)) out.push(c);
    }
    if (overlay) {
      for (const [t, fks] of overlay) {
        if (!this.relation(t)) continue;
        for (let i = 0; i < fks.length; i++) out.push(fks[i] as CatalogConstraint);
      }
    }
    return out;
  }

  // Re-indexes the references of a table whose constraint list becomes `list` (the old list's
  // references go first). A table keeps its place under a referenced table while it references it.
  private indexReferences(table: string, list: readonly CatalogConstraint[]): void {
    const previous = this.indexedTargets.get(table);
    if (previous === undefined && !list.some(isForeignKey)) return; // nothing indexed, nothing to index
    const byTarget = new Map<string, CatalogConstraint[]>();
    for (let i = 0; i < list.length; i++) {
      const c = list[i] as CatalogConstraint;
      if (!c.referencedTable) continue;
      const fks = byTarget.get(c.referencedTable);
      if (fks) fks.push(c);
      else byTarget.set(c.referencedTable, [c]);
    }
    if (previous) {
      for (const target of previous) if (!byTarget.has(target)) this.overlayReferencing.get(target)?.delete(table);
    }
    for (const [target, fks] of byTarget) {
      let tables = this.overlayReferencing.get(target);
      if (!tables) this.overlayReferencing.set(target, (tables = new Map()));
      tables.set(table, fks);
    }
    if (byTarget.size > 0) this.indexedTargets.set(table, [...byTarget.keys()]);
    else this.indexedTargets.delete(table);
  }

  /** Objects that depend on a relation, or on one of its columns when `column` is given. */
  dependentsOf(relation: string, column?: string): CatalogDependency[] {
    const all = this.base.dependentsByRelation.get(relation) ?? [];
    return column === undefined ? all : all.filter((d) => d.referencedColumn === column);
  }

  dependentsOfFunction(fn: string): CatalogDependency[] {
    return this.base.dependentsByFunction.get(fn) ?? [];
  }

  dependentsOfType(type: string): CatalogDependency[] {
    return this.base.dependentsByType.get(type) ?? [];
  }

  /** Relations a view or materialized view reads (from its rewrite rule's dependencies). */
  viewSources(view: string): string[] {
    const out = new Set<string>();
    for (const d of this.base.dependenciesOf.get(view) ?? []) {
      if ((d.kind === 'view' || d.kind === 'materialized view') && d.referencedRelation) {
        const target = this.relation(d.referencedRelation);
        if (target && target.kind !== 'i' && target.kind !== 'I') out.add(d.referencedRelation);
      }
    }
    return [...out];
  }

  /** Functions with this name (any schema when `schema` is null: search path order not applied). */
  functionsNamed(name: string, schema: string | null = null): CatalogFunction[] {
    const list = [...(this.base.functionsByName.get(name) ?? []), ...(this.functions.get(name) ?? [])];
    if (schema !== null) return list.filter((f) => f.schema === schema);
    const visible = new Set([...this.path, 'pg_catalog']);
    return list.filter((f) => visible.has(f.schema));
  }

  /** A type by name, through the search path when unqualified. */
  type(ref: QualifiedName): CatalogType | undefined {
    const list = [...(this.base.typesByName.get(ref.name) ?? []), ...(this.types.get(ref.name) ?? [])];
    if (ref.schema !== null) return list.find((t) => t.schema === ref.schema);
    for (const schema of ['pg_catalog', ...this.path]) {
      const t = list.find((x) => x.schema === schema);
      if (t) return t;
    }
    return undefined;
  }

  /** Notes a CREATE EXTENSION of the run: its functions and types are unknown until it runs. */
  noteExtensionCreated(): void {
    this.extensionsCreated = true;
  }

  /** True when the run creates an extension (whose objects the catalog cannot list). */
  get extensionCreatedInRun(): boolean {
    return this.extensionsCreated;
  }

  hasExtension(name: string): boolean {
    return this.base.snapshot.extensions.includes(name);
  }

  // --- overlay updates (called by the statement recorder) ---

  /** Adds or replaces a relation in the overlay (`key`: its `schema.name`, when already at hand). */
  putRelation(entry: CatalogEntry, key: string = `${entry.schema}.${entry.name}`): void {
    this.setRelation(key, entry);
  }

  /** Removes a relation (and what goes with it: its indexes, owned sequences, constraints). */
  dropRelation(key: string): void {
    const entry = this.relation(key);
    if (!entry) return;
    this.setRelation(key, null);
    if (entry.kind !== 'i' && entry.kind !== 'I') {
      for (const i of this.indexesOf(key)) this.setRelation(`${i.schema}.${i.name}`, null);
      for (const s of this.ownedSequencesOf(key)) this.setRelation(`${s.schema}.${s.name}`, null);
      this.setConstraints(key, []);
      // Foreign keys referencing it go too (CASCADE; without it the DROP fails).
      for (const fk of this.referencingConstraints(key)) {
        this.setConstraints(fk.table, this.constraintsOf(fk.table).filter((c) => c !== fk));
      }
      for (const child of this.childrenOf(key)) {
        const c = this.relation(child);
        if (c?.isPartition) this.dropRelation(child);
      }
    }
  }

  /** Renames or moves a relation; indexes, sequences and constraints follow. */
  moveRelation(key: string, schema: string, name: string): void {
    const entry = this.relation(key);
    if (!entry) return;
    const newKey = `${schema}.${name}`;
    if (newKey === key) return;
    this.setRelation(key, null);
    this.setRelation(newKey, { ...entry, schema, name });
    if (entry.kind === 'i' || entry.kind === 'I') return;
    for (const i of this.indexesOf(key)) this.setRelation(`${i.schema}.${i.name}`, { ...i, table: newKey });
    for (const s of this.ownedSequencesOf(key)) {
      this.setRelation(`${s.schema}.${s.name}`, { ...s, ownedBy: s.ownedBy ? { ...s.ownedBy, table: newKey } : null });
    }
    for (const child of this.childrenOf(key)) {
      const c = this.relation(child);
      if (c) this.setRelation(child, { ...c, parents: c.parents.map((p) => (p === key ? newKey : p)) });
    }
    const constraints = this.constraintsOf(key);
    const referencing = this.referencingConstraints(key).filter((fk) => fk.table !== key);
    this.setConstraints(key, []);
    this.setConstraints(
      newKey,
      constraints.map((c) => ({ ...c, table: newKey, referencedTable: c.referencedTable === key ? newKey : c.referencedTable })),
    );
    for (const fk of referencing) {
      this.setConstraints(fk.table, this.constraintsOf(fk.table).map((c) => (c === fk ? { ...c, referencedTable: newKey } : c)));
    }
  }

  /** Adds constraints to a table's list. */
  addConstraints(table: string, added: readonly CatalogConstraint[]): void {
    const owned = this.constraints.get(table);
    const replacesBase = owned === undefined;
    const current = owned ?? this.constraintsOf(table);
    // A list of the overlay belongs to this run and nobody keeps it: it grows in place (a long
    // run adds many constraints to the same tables). The snapshot's list is copied first.
    const list = owned ?? [...current];
    for (let i = 0; i < added.length; i++) list.push(added[i] as CatalogConstraint);
    if (replacesBase) this.constraints.set(table, list);
    // The base list of the table is replaced by the overlay's, base foreign keys included: its
    // references are indexed anew. Otherwise only added foreign keys change the index (CHECKs,
    // most of what migrations add, do not).
    if (replacesBase) this.forgetReferencing(current);
    else if (!added.some((c) => c.referencedTable)) return;
    this.forgetReferencing(added);
    this.indexReferences(table, list);
  }

  /** Replaces the constraint list of a table. */
  putConstraints(table: string, constraints: readonly CatalogConstraint[]): void {
    this.setConstraints(table, [...constraints]);
  }

  putFunction(fn: CatalogFunction): void {
    push(this.functions, fn.name, fn);
  }

  putType(type: CatalogType): void {
    push(this.types, type.name, type);
  }

  putSchema(name: string, exists: boolean): void {
    this.schemas.set(name, exists);
    this.resolved.clear();
  }

  /** Sets the search path (names as written; `$user` resolved). */
  setSearchPath(schemas: readonly string[]): void {
    const user = this.base.snapshot.currentUser;
    this.path = ['pg_catalog', ...schemas.map((s) => (s === '$user' ? user : s)).filter((s) => s !== 'pg_catalog')];
    this.resolved.clear();
  }

  /** Restores the search path read with the snapshot (`RESET search_path`). */
  resetSearchPath(): void {
    this.path = this.base.snapshot.searchPath;
    this.resolved.clear();
  }
}

const NO_NAMES: readonly string[] = Object.freeze([]);
const NO_CONSTRAINTS: readonly CatalogConstraint[] = Object.freeze([]);
const NO_COLUMNS: readonly CatalogColumn[] = Object.freeze([]);
const NO_TRIGGERS: CatalogEntry['triggers'] = Object.freeze([]);

/** A relation entry for something created by a statement of the run. */
export function newEntry(schema: string, name: string, kind: string, extra?: Partial<CatalogEntry>): CatalogEntry {
  if (extra === undefined) return runEntry(schema, name, kind, undefined, null, null);
  return {
    table: extra.table,
    schema,
    name,
    kind,
    rowEstimate: 0,
    sizeBytes: 0,
    oid: null,
    filenode: null,
    persistence: extra.persistence ?? 'p',
    tablespace: extra.tablespace ?? null,
    parents: extra.parents ?? NO_NAMES,
    isPartition: extra.isPartition ?? false,
    defaultPartition: extra.defaultPartition ?? null,
    partitionKey: extra.partitionKey ?? NO_NAMES,
    columns: extra.columns ?? NO_COLUMNS,
    index: extra.index ?? null,
    ownedBy: extra.ownedBy ?? null,
    foreignDataWrapper: extra.foreignDataWrapper ?? null,
    triggers: extra.triggers ?? NO_TRIGGERS,
    createdInRun: true,
  };
}

/**
 * The entry of an index, sequence, view... created by the run: {@link newEntry} without the
 * options object (runs create many of them). Same shape as {@link newEntry}'s.
 */
export function runEntry(
  schema: string,
  name: string,
  kind: string,
  table: string | undefined,
  index: CatalogEntry['index'],
  ownedBy: CatalogEntry['ownedBy'],
): CatalogEntry {
  return {
    table,
    schema,
    name,
    kind,
    rowEstimate: 0,
    sizeBytes: 0,
    oid: null,
    filenode: null,
    persistence: 'p',
    tablespace: null,
    parents: NO_NAMES,
    isPartition: false,
    defaultPartition: null,
    partitionKey: NO_NAMES,
    columns: NO_COLUMNS,
    index,
    ownedBy,
    foreignDataWrapper: null,
    triggers: NO_TRIGGERS,
    createdInRun: true,
  };
}
