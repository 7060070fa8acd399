// Locks of queries and data changes: every relation read (FROM, joins, subqueries, CTEs,
// sublinks) gets AccessShareLock, FOR UPDATE/SHARE targets RowShareLock, the target of
// INSERT/UPDATE/DELETE/MERGE RowExclusiveLock. With a catalog: views expand to the relations
// they read (same mode), inheritance children and partitions follow their parent, foreign keys
// add the checks and cascades PostgreSQL runs, column defaults their sequences.
import type { DeleteStmt, InsertStmt, JoinExpr, LockingClause, MergeStmt, RangeSubselect, RangeVar, SelectStmt, UpdateStmt } from 'libpg-query';
import { sequenceDefaults } from '../../catalog/insert-defaults.js';
import type { CatalogColumn, CatalogConstraint, CatalogEntry } from '../../catalog/types.js';
import { LEAF_NODES, nodeAs, nodeType } from '../../parse/ast.js';
import { walkExpression } from '../../parse/expression-walk.js';
import { functionCalls, literalArgument } from '../../parse/function-calls.js';
import { parseObjectName } from '../../parse/names.js';
import type { LockMode } from '../../types.js';
import type { AnalysisContext } from '../context.js';
import { DerivedTexts, ReasonTexts } from '../reason-texts.js';

type Scope = ReadonlySet<string>;

interface RowLocking {
  readonly all: boolean;
  readonly names: ReadonlySet<string>;
}

const NO_ROW_LOCK: RowLocking = { all: false, names: new Set() };

const VERB: Partial<Record<LockMode, string>> = {
  AccessShareLock: 'reads',
  RowShareLock: 'locks rows of',
  RowExclusiveLock: 'writes',
};

const REASONS: Partial<Record<LockMode, ReasonTexts>> = {
  AccessShareLock: new ReasonTexts('reads '),
  RowShareLock: new ReasonTexts('locks rows of '),
  RowExclusiveLock: new ReasonTexts('writes '),
};
const LOCKS = new ReasonTexts('locks ');
const DEFAULT_SEQUENCE = new ReasonTexts('column default draws from sequence ');

/** Locks a relation the query names, and what PostgreSQL locks along with it. */
export function lockNamedRelation(
  ctx: AnalysisContext,
  rv: RangeVar | undefined,
  mode: LockMode,
  scope: Scope,
  options: { filtered?: boolean; routed?: boolean; reason?: string } = {},
): string | undefined {
  const relname = rv?.relname;
  if (!relname) return undefined;
  const schema = rv.schemaname ?? null;
  if (schema === null && scope.size > 0 && scope.has(relname)) return undefined;
  const resolved = ctx.catalog.resolveName(schema, relname);
  if (!ctx.known(resolved)) return undefined;
  const reason = options.reason ?? (REASONS[mode] ?? LOCKS).for(resolved.key);
  ctx.lock(resolved, mode, reason);
  const entry = resolved.entry;
  // Only views and tables with children expand; most relations do neither.
  if (entry && (entry.kind === 'v' || (rv?.inh === true && (entry.kind === 'p' || ctx.catalog.childrenOf(resolved.key).length > 0)))) {
    expand(ctx, resolved.key, mode, rv?.inh === true, options, new Set([resolved.key]));
  }
  return resolved.key;
}

// Views lock the relations they read, in the same mode; a table's inheritance children and
// partitions are locked with it unless ONLY is written. Partitions pruned by the planner, or
// never receiving a routed row, are not locked: those locks are conditional.
function expand(ctx: AnalysisContext, key: string, mode: LockMode, recurse: boolean, options: { filtered?: boolean; routed?: boolean }, seen: Set<string>): void {
  const entry = ctx.catalog.relation(key);
  if (!entry) return;
  if (entry.kind === 'v') {
    for (const source of ctx.catalog.viewSources(key)) {
      if (seen.has(source)) continue;
      seen.add(source);
      ctx.lockKey(source, mode, `${VERB[mode] ?? 'locks'} ${source} through view ${key}`);
      expand(ctx, source, mode, true, options, seen);
    }
    return;
  }
  if (!recurse) return;
  const partitioned = entry.kind === 'p';
  // Inserted rows go to the named table itself unless it is partitioned (rows are routed).
  if (options.routed && !partitioned) return;
  for (const child of ctx.catalog.descendantsOf(key)) {
    if (seen.has(child)) continue;
    seen.add(child);
    ctx.lockKey(child, mode, `${VERB[mode] ?? 'locks'} ${child} as ${partitioned ? 'a partition' : 'an inheritance child'} of ${key}`, {
      conditional: partitioned && (options.filtered === true || options.routed === true),
    });
  }
}

function withCtes(ctx: AnalysisContext, withClause: SelectStmt['withClause'], scope: Scope): Scope {
  const ctes = withClause?.ctes ?? [];
  if (ctes.length === 0) return scope;
  const next = new Set(scope);
  for (const c of ctes) {
    const name = nodeAs<{ ctename?: string }>(c, 'CommonTableExpr')?.ctename;
    if (name) next.add(name);
  }
  for (const c of ctes) visit(ctx, nodeAs<{ ctequery?: unknown }>(c, 'CommonTableExpr')?.ctequery, next);
  return next;
}

function rowLocking(clauses: readonly unknown[] | undefined): RowLocking {
  if (!clauses || clauses.length === 0) return NO_ROW_LOCK;
  const names = new Set<string>();
  for (const c of clauses) {
    const lc = nodeAs<LockingClause>(c, 'LockingClause');
    if (!lc) continue;
    if (!lc.lockedRels || lc.lockedRels.length === 0) return { all: true, names };
    for (const r of lc.lockedRels) {
      const rv = nodeAs<RangeVar>(r, 'RangeVar');
      if (rv?.relname) names.add(rv.relname);
    }
  }
  return { all: false, names };
}

function visitSelect(ctx: AnalysisContext, body: SelectStmt | undefined, scope: Scope, inherited: boolean): void {
  if (!body) return;
  const inner = withCtes(ctx, body.withClause, scope);
  if (body.op && body.op !== 'SETOP_NONE') {
    visitSelect(ctx, body.larg, inner, inherited);
    visitSelect(ctx, body.rarg, inner, inherited);
    visit(ctx, body.sortClause, inner);
    visit(ctx, body.limitCount, inner);
    visit(ctx, body.limitOffset, inner);
    return;
  }
  const locking = inherited ? { all: true, names: new Set<string>() } : rowLocking(body.lockingClause);
  const filtered = body.whereClause !== undefined || (body.fromClause?.length ?? 0) > 1;
  for (const item of body.fromClause ?? []) visitFrom(ctx, item, inner, locking, filtered);
  visit(ctx, body.targetList, inner);
  visit(ctx, body.whereClause, inner);
  visit(ctx, body.groupClause, inner);
  visit(ctx, body.havingClause, inner);
  visit(ctx, body.windowClause, inner);
  visit(ctx, body.valuesLists, inner);
  visit(ctx, body.sortClause, inner);
  visit(ctx, body.limitOffset, inner);
  visit(ctx, body.limitCount, inner);
  visit(ctx, body.distinctClause, inner);
}

function aliasOf(rv: RangeVar): string | undefined {
  return (rv.alias as { aliasname?: string } | undefined)?.aliasname;
}

function visitFrom(ctx: AnalysisContext, item: unknown, scope: Scope, locking: RowLocking, filtered: boolean): void {
  const type = nodeType(item);
  if (type === 'RangeVar') {
    const rv = nodeAs<RangeVar>(item, 'RangeVar') as RangeVar;
    const rowLocked = locking.all || locking.names.has(aliasOf(rv) ?? rv.relname ?? '');
    lockNamedRelation(ctx, rv, rowLocked ? 'RowShareLock' : 'AccessShareLock', scope, { filtered });
  } else if (type === 'JoinExpr') {
    const j = nodeAs<JoinExpr>(item, 'JoinExpr') as JoinExpr;
    visitFrom(ctx, j.larg, scope, locking, true);
    visitFrom(ctx, j.rarg, scope, locking, true);
    visit(ctx, j.quals, scope);
  } else if (type === 'RangeSubselect') {
    const s = nodeAs<RangeSubselect>(item, 'RangeSubselect') as RangeSubselect;
    const alias = (s.alias as { aliasname?: string } | undefined)?.aliasname;
    visitSelect(ctx, nodeAs<SelectStmt>(s.subquery, 'SelectStmt'), scope, locking.all || (alias !== undefined && locking.names.has(alias)));
  } else if (type === 'RangeTableSample') {
    const s = nodeAs<{ relation?: unknown; args?: unknown; repeatable?: unknown }>(item, 'RangeTableSample');
    visitFrom(ctx, s?.relation, scope, locking, filtered);
    visit(ctx, s?.args, scope);
  } else {
    visit(ctx, item, scope);
  }
}

// Walks any subtree: nested statements and stray relation references anywhere in it.
function visit(ctx: AnalysisContext, node: unknown, scope: Scope): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) visit(ctx, node[i], scope);
    return;
  }
  for (const key in node as object) {
    const child = (node as Record<string, unknown>)[key];
    if (child === null || typeof child !== 'object') continue;
    if (key === 'FuncCall') {
      const call = child as { args?: unknown; agg_order?: unknown; agg_filter?: unknown; over?: unknown };
      visit(ctx, call.args, scope);
      visit(ctx, call.agg_order, scope);
      visit(ctx, call.agg_filter, scope);
      visit(ctx, call.over, scope);
    } else if (!LEAF_NODES.has(key) && !walkExpression(key, child, visitChild, ctx, scope)) {
      visitOther(ctx, key, child, scope);
    }
  }
}

function visitChild(child: unknown, ctx: AnalysisContext, scope: Scope): void {
  visit(ctx, child, scope);
}

// Statements nested anywhere (CTEs, subqueries) and relation references outside FROM.
function visitOther(ctx: AnalysisContext, key: string, child: object, scope: Scope): void {
  switch (key) {
    case 'SelectStmt':
      visitSelect(ctx, child as SelectStmt, scope, false);
      break;
    case 'InsertStmt':
      insert(ctx, child as InsertStmt, scope);
      break;
    case 'UpdateStmt':
      update(ctx, child as UpdateStmt, scope);
      break;
    case 'DeleteStmt':
      remove(ctx, child as DeleteStmt, scope);
      break;
    case 'MergeStmt':
      merge(ctx, child as MergeStmt, scope);
      break;
    case 'RangeVar':
      lockNamedRelation(ctx, child as RangeVar, 'AccessShareLock', scope);
      break;
    case 'intoClause':
    case 'lockingClause':
      break;
    default:
      visit(ctx, child, scope);
  }
}

// Whether the table has foreign keys or is referenced by one (most tables of a run without a
// catalog have neither): the checks below are skipped otherwise.
function hasForeignKeys(ctx: AnalysisContext, table: string): boolean {
  return ctx.catalog.constraintsOf(table).some((c) => c.type === 'f') || ctx.catalog.mayBeReferenced(table);
}

const CONDITIONAL = Object.freeze({ conditional: true });
const UNCONDITIONAL = Object.freeze({ conditional: false });

type Written = 'inserted' | 'updated' | 'merged';

const checks = (what: Written): DerivedTexts<CatalogConstraint> =>
  new DerivedTexts((c) => `foreign key ${c.name} checks ${c.referencedTable ?? ''} for the rows ${what} (SELECT ... FOR KEY SHARE)`);
const FOREIGN_KEY_CHECKS: Readonly<Record<Written, DerivedTexts<CatalogConstraint>>> = { inserted: checks('inserted'), updated: checks('updated'), merged: checks('merged') };

// `columns`: the columns an UPDATE sets (a handful: a list beats a set), null for every column.
function touches(columns: readonly string[] | null, keyColumns: readonly string[]): boolean {
  if (columns === null) return true;
  for (let i = 0; i < keyColumns.length; i++) if (columns.includes(keyColumns[i] as string)) return true;
  return false;
}

function foreignKeyChecks(ctx: AnalysisContext, table: string, columns: readonly string[] | null, what: Written): void {
  const constraints = ctx.catalog.constraintsOf(table);
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i] as CatalogConstraint;
    if (c.type !== 'f' || !c.referencedTable || !touches(columns, c.columns)) continue;
    ctx.lockKey(c.referencedTable, 'RowShareLock', FOREIGN_KEY_CHECKS[what].for(c), CONDITIONAL);
  }
}

type Event = 'delete' | 'update';

// The referencing constraint's own action for the event: what a row deleted or updated here does there.
const actionOf = (c: CatalogConstraint, event: Event): string | null => (event === 'delete' ? c.onDelete : c.onUpdate);
const cascades = (event: Event): DerivedTexts<CatalogConstraint> =>
  new DerivedTexts((c) => `foreign key ${c.name} ${actionOf(c, event) === 'c' ? 'cascades' : 'sets'} the ${event} to ${c.table}`);
const stillReferencing = new DerivedTexts<CatalogConstraint>((c) => `foreign key ${c.name} checks ${c.table} for rows still referencing ${c.referencedTable ?? ''}`);
const REFERENCING_WRITES: Readonly<Record<Event, DerivedTexts<CatalogConstraint>>> = { delete: cascades('delete'), update: cascades('update') };

// `seen`: the tables a DELETE already cascaded to (created on the first cascade).
function referencingActions(ctx: AnalysisContext, table: string, columns: readonly string[] | null, event: Event, seen: Set<string> | null): void {
  const referencing = ctx.catalog.referencingConstraints(table);
  for (let i = 0; i < referencing.length; i++) {
    const c = referencing[i] as CatalogConstraint;
    if (!touches(columns, c.referencedColumns)) continue;
    const action = actionOf(c, event);
    const writes = action === 'c' || action === 'n' || action === 'd';
    // c.referencedTable is `table`: referencingConstraints lists the constraints that reference it.
    ctx.lockKey(c.table, writes ? 'RowExclusiveLock' : 'RowShareLock', writes ? REFERENCING_WRITES[event].for(c) : stillReferencing.for(c), CONDITIONAL);
    if (event === 'delete' && action === 'c') {
      seen ??= new Set([table]);
      if (seen.has(c.table)) continue;
      seen.add(c.table);
      referencingActions(ctx, c.table, null, 'delete', seen);
    }
  }
}

// Without a column list, an INSERT ... SELECT is taken to fill every column (the select list
// may expand a star): only its VALUES rows are counted.
const allColumns = (_select: SelectStmt, entry: CatalogEntry): number => entry.columns.length;

function insert(ctx: AnalysisContext, body: InsertStmt, scope: Scope): void {
  const inner = withCtes(ctx, body.withClause, scope);
  const target = lockNamedRelation(ctx, body.relation, 'RowExclusiveLock', inner, { routed: true });
  const select = nodeAs<SelectStmt>(body.selectStmt, 'SelectStmt');
  visitSelect(ctx, select, inner, false);
  visit(ctx, body.onConflictClause, inner);
  visit(ctx, body.returningClause, inner);
  if (!target) return;
  const fromValues = select === undefined || (select.valuesLists?.length ?? 0) > 0;
  const entry = ctx.catalog.relation(target);
  const defaults = entry ? sequenceDefaults(body, entry, allColumns) : [];
  for (let i = 0; i < defaults.length; i++) {
    const seq = (defaults[i] as CatalogColumn).sequence;
    if (seq) ctx.lockKey(seq, 'RowExclusiveLock', DEFAULT_SEQUENCE.for(seq), fromValues ? UNCONDITIONAL : CONDITIONAL);
  }
  foreignKeyChecks(ctx, target, null, 'inserted');
}

function setColumns(targets: readonly unknown[] | undefined): string[] {
  const out: string[] = [];
  if (!targets) return out;
  for (let i = 0; i < targets.length; i++) {
    const name = nodeAs<{ name?: string }>(targets[i], 'ResTarget')?.name;
    if (name) out.push(name);
  }
  return out;
}

function update(ctx: AnalysisContext, body: UpdateStmt, scope: Scope): void {
  const inner = withCtes(ctx, body.withClause, scope);
  const target = lockNamedRelation(ctx, body.relation, 'RowExclusiveLock', inner, { filtered: body.whereClause !== undefined });
  for (const item of body.fromClause ?? []) visitFrom(ctx, item, inner, NO_ROW_LOCK, true);
  visit(ctx, body.targetList, inner);
  visit(ctx, body.whereClause, inner);
  visit(ctx, body.returningClause, inner);
  if (!target || !hasForeignKeys(ctx, target)) return;
  const columns = setColumns(body.targetList);
  foreignKeyChecks(ctx, target, columns, 'updated');
  referencingActions(ctx, target, columns, 'update', null);
}

function remove(ctx: AnalysisContext, body: DeleteStmt, scope: Scope): void {
  const inner = withCtes(ctx, body.withClause, scope);
  const target = lockNamedRelation(ctx, body.relation, 'RowExclusiveLock', inner, { filtered: body.whereClause !== undefined });
  for (const item of body.usingClause ?? []) visitFrom(ctx, item, inner, NO_ROW_LOCK, true);
  visit(ctx, body.whereClause, inner);
  visit(ctx, body.returningClause, inner);
  if (target && hasForeignKeys(ctx, target)) referencingActions(ctx, target, null, 'delete', null);
}

function merge(ctx: AnalysisContext, body: MergeStmt, scope: Scope): void {
  const inner = withCtes(ctx, body.withClause, scope);
  const target = lockNamedRelation(ctx, body.relation, 'RowExclusiveLock', inner, { filtered: true });
  visitFrom(ctx, body.sourceRelation, inner, NO_ROW_LOCK, true);
  visit(ctx, body.joinCondition, inner);
  visit(ctx, body.mergeWhenClauses, inner);
  visit(ctx, body.returningClause, inner);
  if (target) {
    foreignKeyChecks(ctx, target, null, 'merged');
    referencingActions(ctx, target, null, 'delete', null);
  }
}

const NO_CTES: ReadonlySet<string> = new Set();

/** Relations read or written by a query or data-changing statement (any of the DML node types). */
export function lockStatementRelations(ctx: AnalysisContext, ast: unknown): void {
  visit(ctx, ast, NO_CTES);
}

/** Sequences named in nextval/setval/currval calls take RowExclusiveLock. */
export function lockSequenceCalls(ctx: AnalysisContext, ast: Record<string, unknown>, certain: boolean): void {
  for (const call of functionCalls(ast)) {
    if ((call.name !== 'nextval' && call.name !== 'setval' && call.name !== 'currval') || (call.schema !== null && call.schema !== 'pg_catalog')) continue;
    const arg = literalArgument(call, 0);
    const name = typeof arg === 'string' ? parseObjectName(arg) : undefined;
    if (!name) continue;
    ctx.lock(ctx.resolve(name), 'RowExclusiveLock', `${call.name}() uses sequence ${name.schema ? `${name.schema}.` : ''}${name.name}`, { conditional: !certain });
  }
}

export type { CatalogConstraint };
