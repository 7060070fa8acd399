// Locks of the DDL and maintenance statements other than ALTER TABLE.
import type {
  ClusterStmt,
  ColumnDef,
  CommentStmt,
  Constraint,
  CreateStatsStmt,
  CreateStmt,
  CreateTrigStmt,
  DropStmt,
  GrantStmt,
  IndexStmt,
  LockStmt,
  RangeVar,
  RefreshMatViewStmt,
  ReindexStmt,
  RenameStmt,
  RuleStmt,
  TableLikeClause,
  TruncateStmt,
  TypeName,
  VacuumStmt,
} from 'libpg-query';
import type { ResolvedRelation } from '../../catalog/catalog.js';
import * as H from '../../hazards/hazards.js';
import { insertAfterKeywords } from '../../hazards/sql-text.js';
import { findOption, isFalseOption, isJsonType, listName, nodeAs, rangeVarName, stringList, stringValue, typeRef } from '../../parse/ast.js';
import { LOCK_MODES } from '../conflicts.js';
import type { LockMode } from '../../types.js';
import type { AnalysisContext } from '../context.js';
import { ReasonTexts } from '../reason-texts.js';
import { lockDescendants, rewriteTable, scanTable } from './common.js';
import { lockNamedRelation, lockStatementRelations } from './dml.js';

const NO_SCOPE: ReadonlySet<string> = new Set();

// The statement text with CONCURRENTLY after the keywords, read only if the fix is (the closure
// keeps the statement, not the analysis context).
function fixFrom(ctx: AnalysisContext, keywords: readonly string[]): () => string | undefined {
  const statement = ctx.statement;
  return () => insertAfterKeywords(statement, keywords, 'CONCURRENTLY');
}

const INDEX_BUILD = new ReasonTexts('CREATE INDEX reads ', ' while building the index');
const INDEX_BUILD_CONCURRENTLY = new ReasonTexts('CREATE INDEX CONCURRENTLY reads ', ' while building the index');

export function createIndex(ctx: AnalysisContext, body: IndexStmt): void {
  const table = ctx.resolveRangeVar(body.relation);
  if (!ctx.known(table)) return;
  const mode: LockMode = body.concurrent ? 'ShareUpdateExclusiveLock' : 'ShareLock';
  const what = body.concurrent ? 'CREATE INDEX CONCURRENTLY' : 'CREATE INDEX';
  ctx.lock(table, mode, (body.concurrent ? INDEX_BUILD_CONCURRENTLY : INDEX_BUILD).for(table.key));
  const partitioned = ctx.kindOf(table.key) === 'p';
  if (partitioned && body.relation?.inh === true) lockDescendants(ctx, table.key, mode, what);
  scanTable(ctx, table.key, partitioned);
  if (!body.concurrent && ctx.preexisting(table)) {
    ctx.hazard(table, H.nonConcurrentIndex(table.key, fixFrom(ctx, ['index'])));
  }
}

function dropTableLike(ctx: AnalysisContext, relation: ResolvedRelation, cascade: boolean, seen: Set<string>): void {
  const catalog = ctx.catalog;
  const key = relation.key;
  seen.add(key);
  ctx.lock(relation, 'AccessExclusiveLock', `DROP ${key}`);
  const entry = relation.entry;
  if (!entry) return;
  for (const p of entry.parents) {
    if (!entry.isPartition) continue;
    ctx.lockKey(p, 'AccessExclusiveLock', `dropping partition ${key} detaches it from ${p}`);
    const defaultPartition = catalog.relation(p)?.defaultPartition;
    if (defaultPartition && defaultPartition !== key) ctx.lockKey(defaultPartition, 'AccessExclusiveLock', `the default partition ${defaultPartition} gets its partition constraint changed`);
  }
  for (const child of catalog.descendantsOf(key)) {
    const c = catalog.relation(child);
    if (c?.isPartition || cascade) ctx.lockKey(child, 'AccessExclusiveLock', `${c?.isPartition ? 'partition' : 'inheritance child'} ${child} is dropped with ${key}`);
  }
  for (const seq of catalog.ownedSequencesOf(key)) ctx.lockKey(`${seq.schema}.${seq.name}`, 'AccessExclusiveLock', `sequence owned by ${key} is dropped with it`);
  for (const c of catalog.constraintsOf(key)) {
    if (c.type === 'f' && c.referencedTable && c.referencedTable !== key) {
      ctx.lockKey(c.referencedTable, 'AccessExclusiveLock', `foreign key ${c.name} is dropped, removing its triggers on ${c.referencedTable}`);
    }
  }
  if (!cascade) return;
  for (const fk of catalog.referencingConstraints(key)) {
    if (fk.table !== key) ctx.lockKey(fk.table, 'AccessExclusiveLock', `CASCADE drops foreign key ${fk.name} of ${fk.table}`);
  }
  for (const d of catalog.dependentsOf(key)) {
    if ((d.kind === 'view' || d.kind === 'materialized view') && d.relation && !seen.has(d.relation)) {
      const view = catalog.resolve({ schema: d.relation.slice(0, d.relation.indexOf('.')), name: d.relation.slice(d.relation.indexOf('.') + 1) });
      dropTableLike(ctx, view, true, seen);
    }
  }
}

function objectName(node: unknown): string[] {
  const list = nodeAs<{ items?: unknown[] }>(node, 'List');
  if (list) return stringList(list.items);
  const s = stringList([node]);
  return s;
}

export function drop(ctx: AnalysisContext, body: DropStmt): void {
  const cascade = body.behavior === 'DROP_CASCADE';
  const type = body.removeType;
  for (const object of body.objects ?? []) {
    switch (type) {
      case 'OBJECT_TABLE':
      case 'OBJECT_FOREIGN_TABLE':
      case 'OBJECT_VIEW':
      case 'OBJECT_MATVIEW':
      case 'OBJECT_SEQUENCE': {
        const name = listName(objectName(object));
        const relation = ctx.resolve(name);
        if (!ctx.known(relation)) break;
        dropTableLike(ctx, relation, cascade, new Set());
        if (type === 'OBJECT_TABLE' && ctx.preexisting(relation)) ctx.hazard(relation, H.dropTable(relation.key));
        if (type === 'OBJECT_SEQUENCE' && cascade) {
          for (const d of ctx.catalog.dependentsOf(relation.key)) {
            if (d.kind === 'default' && d.relation) ctx.lockKey(d.relation, 'AccessExclusiveLock', `CASCADE drops a column default of ${d.relation} that uses the sequence`);
          }
        }
        break;
      }
      case 'OBJECT_INDEX': {
        const index = ctx.resolve(listName(objectName(object)));
        if (!ctx.known(index)) break;
        const table = index.entry?.table;
        if (body.concurrent) {
          ctx.lock(index, 'ShareUpdateExclusiveLock', `DROP INDEX CONCURRENTLY ${index.key}`);
          if (table) ctx.lockKey(table, 'ShareUpdateExclusiveLock', `DROP INDEX CONCURRENTLY waits for queries using ${table}`);
          break;
        }
        ctx.lock(index, 'AccessExclusiveLock', `DROP INDEX ${index.key}`);
        if (table) {
          ctx.lockKey(table, 'AccessExclusiveLock', `DROP INDEX ${index.key} locks its table ${table}`);
          if (index.entry?.kind === 'I') lockDescendants(ctx, table, 'AccessExclusiveLock', `DROP INDEX ${index.key} drops the partitions' indexes`);
        } else if (!ctx.catalog.live) {
          // No catalog: the table is unknown, PostgreSQL locks it AccessExclusive.
        }
        if (table && ctx.preexisting(ctx.catalog.resolve(splitName(table)))) {
          ctx.hazard(index, H.nonConcurrentDropIndex(index.key, table, fixFrom(ctx, ['index'])));
        }
        break;
      }
      case 'OBJECT_TRIGGER':
      case 'OBJECT_POLICY':
      case 'OBJECT_RULE': {
        const parts = objectName(object);
        const table = ctx.resolve(listName(parts.slice(0, -1)));
        ctx.lock(table, 'AccessExclusiveLock', `DROP ${type.replace('OBJECT_', '')} ${parts[parts.length - 1] ?? ''} on ${table?.key ?? ''}`);
        break;
      }
      case 'OBJECT_SCHEMA': {
        if (!cascade) break;
        const schema = stringList([object])[0] ?? objectName(object)[0];
        if (!schema) break;
        for (const r of ctx.catalog.snapshot.relations) {
          if (r.schema === schema && r.kind !== 'i' && r.kind !== 'I') ctx.lockKey(`${r.schema}.${r.name}`, 'AccessExclusiveLock', `DROP SCHEMA ${schema} CASCADE drops ${r.schema}.${r.name}`);
        }
        break;
      }
      case 'OBJECT_FUNCTION':
      case 'OBJECT_PROCEDURE':
      case 'OBJECT_ROUTINE': {
        if (!cascade) break;
        const owa = nodeAs<{ objname?: unknown[] }>(object, 'ObjectWithArgs');
        const name = listName(stringList(owa?.objname));
        if (!name) break;
        for (const fn of ctx.catalog.functionsNamed(name.name, name.schema)) {
          for (const d of ctx.catalog.dependentsOfFunction(`${fn.schema}.${fn.name}`)) {
            if (d.relation) ctx.lockKey(d.relation, 'AccessExclusiveLock', `CASCADE drops ${d.kind} ${d.name}, which uses ${fn.schema}.${fn.name}`);
          }
        }
        break;
      }
      case 'OBJECT_TYPE':
      case 'OBJECT_DOMAIN': {
        if (!cascade) break;
        const tn = typeRef(nodeAs<TypeName>(object, 'TypeName'));
        if (!tn) break;
        const type = ctx.catalog.type({ schema: tn.schema, name: tn.name });
        if (!type) break;
        for (const d of ctx.catalog.dependentsOfType(`${type.schema}.${type.name}`)) {
          if (d.relation) ctx.lockKey(d.relation, 'AccessExclusiveLock', `CASCADE drops ${d.kind} ${d.name}, which uses type ${type.schema}.${type.name}`);
        }
        break;
      }
      default:
        break;
    }
  }
}

function splitName(key: string): { schema: string; name: string } {
  const dot = key.indexOf('.');
  return { schema: key.slice(0, dot), name: key.slice(dot + 1) };
}

export function truncate(ctx: AnalysisContext, body: TruncateStmt): void {
  const seen = new Set<string>();
  const queue: { key: string; recurse: boolean; why: string }[] = [];
  for (const r of body.relations ?? []) {
    const rv = nodeAs<RangeVar>(r, 'RangeVar');
    const relation = ctx.resolveRangeVar(rv);
    if (!ctx.known(relation)) continue;
    queue.push({ key: relation.key, recurse: rv?.inh === true, why: `TRUNCATE ${relation.key}` });
    if (ctx.preexisting(relation)) ctx.hazard(relation, H.truncateTable(relation.key));
  }
  while (queue.length > 0) {
    const item = queue.shift() as (typeof queue)[number];
    if (seen.has(item.key)) continue;
    seen.add(item.key);
    ctx.lockKey(item.key, 'AccessExclusiveLock', item.why);
    rewriteTable(ctx, item.key, item.recurse);
    if (item.recurse) {
      for (const child of ctx.catalog.descendantsOf(item.key)) queue.push({ key: child, recurse: false, why: `TRUNCATE ${item.key} empties ${child} too` });
    }
    if (body.restart_seqs) {
      for (const seq of ctx.catalog.ownedSequencesOf(item.key)) ctx.lockKey(`${seq.schema}.${seq.name}`, 'AccessExclusiveLock', `RESTART IDENTITY resets ${seq.schema}.${seq.name}`);
    }
    if (body.behavior === 'DROP_CASCADE') {
      for (const fk of ctx.catalog.referencingConstraints(item.key)) {
        if (fk.table !== item.key) queue.push({ key: fk.table, recurse: true, why: `TRUNCATE ... CASCADE empties ${fk.table}, which references ${item.key}` });
      }
    }
  }
}

export function reindex(ctx: AnalysisContext, body: ReindexStmt): void {
  const concurrent = (body.params ?? []).some((p) => nodeAs<{ defname?: string }>(p, 'DefElem')?.defname === 'concurrently' && !isFalseOption(findOption([p], 'concurrently').value));
  const kind = body.kind ?? 'REINDEX_OBJECT_INDEX';
  const target = ctx.resolveRangeVar(body.relation);
  if (!ctx.known(target)) return;
  const fix = fixFrom(ctx, [kind === 'REINDEX_OBJECT_INDEX' ? 'index' : 'table']);
  if (kind === 'REINDEX_OBJECT_INDEX') {
    const table = target.entry?.table;
    ctx.lock(target, concurrent ? 'ShareUpdateExclusiveLock' : 'AccessExclusiveLock', `REINDEX INDEX ${target.key}`);
    if (table) {
      ctx.lockKey(table, concurrent ? 'ShareUpdateExclusiveLock' : 'ShareLock', `REINDEX reads ${table} to rebuild ${target.key}`);
      scanTable(ctx, table, false);
    }
    if (!concurrent) {
      ctx.rewrite(target.key);
      if (ctx.preexisting(target)) ctx.hazard(target, H.nonConcurrentReindex(target.key, fix));
    }
    return;
  }
  if (kind === 'REINDEX_OBJECT_TABLE') {
    ctx.lock(target, concurrent ? 'ShareUpdateExclusiveLock' : 'ShareLock', `REINDEX TABLE ${target.key}`);
    scanTable(ctx, target.key, false);
    if (!concurrent) {
      for (const i of ctx.catalog.indexesOf(target.key)) ctx.rewrite(`${i.schema}.${i.name}`);
      if (ctx.preexisting(target)) ctx.hazard(target, H.nonConcurrentReindex(target.key, fix));
    }
  }
}

export function cluster(ctx: AnalysisContext, body: ClusterStmt): void {
  const table = ctx.resolveRangeVar(body.relation);
  if (!body.relation) {
    ctx.addHazard(H.cluster(null));
    return;
  }
  if (!ctx.known(table)) return;
  ctx.lock(table, 'AccessExclusiveLock', `CLUSTER ${table.key} rewrites it`);
  if (body.indexname) ctx.lockKey(`${table.schema}.${body.indexname}`, 'AccessExclusiveLock', `CLUSTER ... USING ${body.indexname}`);
  rewriteTable(ctx, table.key, false);
  if (ctx.preexisting(table)) ctx.hazard(table, H.cluster(table.key));
}

export function vacuum(ctx: AnalysisContext, body: VacuumStmt): void {
  const full = (body.options ?? []).some((o) => nodeAs<{ defname?: string }>(o, 'DefElem')?.defname === 'full' && !isFalseOption(findOption([o], 'full').value));
  const mode: LockMode = full ? 'AccessExclusiveLock' : 'ShareUpdateExclusiveLock';
  const verb = body.is_vacuumcmd ? (full ? 'VACUUM FULL' : 'VACUUM') : 'ANALYZE';
  const rels = (body.rels ?? []).map((r) => nodeAs<{ relation?: RangeVar }>(r, 'VacuumRelation')?.relation);
  if (rels.length === 0) {
    if (full) ctx.addHazard(H.vacuumFull(null));
    for (const r of ctx.catalog.snapshot.relations) {
      if (r.kind === 'r' || r.kind === 'm' || r.kind === 'p') ctx.lockKey(`${r.schema}.${r.name}`, mode, `${verb} of every table`);
    }
    return;
  }
  for (const rv of rels) {
    const relation = ctx.resolveRangeVar(rv);
    if (!ctx.known(relation)) continue;
    ctx.lock(relation, mode, `${verb} ${relation.key}`);
    if (rv?.inh === true) lockDescendants(ctx, relation.key, mode, verb);
    if (full) {
      rewriteTable(ctx, relation.key, true);
      if (ctx.preexisting(relation)) ctx.hazard(relation, H.vacuumFull(relation.key));
    }
  }
}

// "LOCK TABLE ... IN SHARE ROW EXCLUSIVE MODE" per mode, spelled once.
const LOCK_TABLE_OPTIONS = Object.fromEntries(
  LOCK_MODES.map((mode) => [mode, { reason: `LOCK TABLE ... IN ${mode.replace(/Lock$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase()} MODE` }]),
) as Record<LockMode, { readonly reason: string }>;

export function lockTable(ctx: AnalysisContext, body: LockStmt): void {
  const mode = LOCK_MODES[(body.mode ?? 8) - 1] ?? 'AccessExclusiveLock';
  const options = LOCK_TABLE_OPTIONS[mode];
  for (const r of body.relations ?? []) lockNamedRelation(ctx, nodeAs<RangeVar>(r, 'RangeVar'), mode, NO_SCOPE, options);
}

export function comment(ctx: AnalysisContext, body: CommentStmt): void {
  // COMMENT ON COLUMN schema.table.column, the common case of long migrations: read in place.
  const items = body.objtype === 'OBJECT_COLUMN' ? nodeAs<{ items?: unknown[] }>(body.object, 'List')?.items : undefined;
  if (items && (items.length === 2 || items.length === 3)) {
    const n = items.length;
    const schema = n === 3 ? (stringValue(items[0]) ?? null) : null;
    const table = stringValue(items[n - 2]);
    const column = stringValue(items[n - 1]);
    if (table !== undefined && column !== undefined) {
      ctx.lock(ctx.catalog.resolveName(schema, table), 'ShareUpdateExclusiveLock', `COMMENT ON COLUMN ${schema === null ? '' : `${schema}.`}${table}.${column}`);
      return;
    }
  }
  const parts = objectName(body.object);
  switch (body.objtype) {
    case 'OBJECT_TABLE':
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
    case 'OBJECT_FOREIGN_TABLE':
    case 'OBJECT_SEQUENCE':
    case 'OBJECT_INDEX':
      ctx.lock(ctx.resolve(listName(parts)), 'ShareUpdateExclusiveLock', 'COMMENT ON');
      break;
    case 'OBJECT_COLUMN':
      ctx.lock(ctx.resolve(listName(parts.slice(0, -1))), 'ShareUpdateExclusiveLock', `COMMENT ON COLUMN ${parts.join('.')}`);
      break;
    case 'OBJECT_TABCONSTRAINT':
    case 'OBJECT_TRIGGER':
    case 'OBJECT_RULE':
    case 'OBJECT_POLICY':
      ctx.lock(ctx.resolve(listName(parts.slice(0, -1))), 'AccessShareLock', `COMMENT ON ${body.objtype.replace('OBJECT_', '').replace('TABCONSTRAINT', 'CONSTRAINT')} ${parts[parts.length - 1] ?? ''}`);
      break;
    default:
      break;
  }
}

const GRANT_RELATION_TYPES = new Set(['OBJECT_TABLE', 'OBJECT_SEQUENCE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE']);

export function grant(ctx: AnalysisContext, body: GrantStmt): void {
  // PostgreSQL 18 locks the relation while changing its ACL (AccessShareLock); 15 takes no
  // relation lock (verified on both; versions in between are assumed to behave like 15).
  if (ctx.serverVersion < 180000) return;
  if (!GRANT_RELATION_TYPES.has(body.objtype ?? '')) return;
  const reason = body.is_grant ? 'GRANT changes the privileges' : 'REVOKE changes the privileges';
  // ON ALL TABLES IN SCHEMA takes no relation lock (checked on 18).
  if (body.targtype !== undefined && body.targtype !== 'ACL_TARGET_OBJECT') return;
  for (const o of body.objects ?? []) ctx.lock(ctx.resolveRangeVar(nodeAs<RangeVar>(o, 'RangeVar')), 'AccessShareLock', reason);
}

export function createTrigger(ctx: AnalysisContext, body: CreateTrigStmt): void {
  const table = ctx.resolveRangeVar(body.relation);
  if (!ctx.known(table)) return;
  ctx.lock(table, 'ShareRowExclusiveLock', `CREATE TRIGGER ${body.trigname ?? ''} on ${table.key}`);
  if (body.row && ctx.kindOf(table.key) === 'p') lockDescendants(ctx, table.key, 'ShareRowExclusiveLock', 'row-level trigger is cloned on every partition');
}

export function createRule(ctx: AnalysisContext, body: RuleStmt): void {
  const table = ctx.resolveRangeVar(body.relation);
  ctx.lock(table, 'AccessExclusiveLock', `CREATE RULE ${body.rulename ?? ''} on ${table?.key ?? ''}`);
  // The rule's actions are parsed, which locks the relations they use in their own modes;
  // NEW and OLD are the rule's own relation.
  lockStatementRelations(ctx, { actions: body.actions });
}

export function createStatistics(ctx: AnalysisContext, body: CreateStatsStmt): void {
  for (const r of body.relations ?? []) ctx.lock(ctx.resolveRangeVar(nodeAs<RangeVar>(r, 'RangeVar')), 'ShareUpdateExclusiveLock', 'CREATE STATISTICS');
}

export function createTable(ctx: AnalysisContext, body: CreateStmt): void {
  const newName = rangeVarName(body.relation);
  for (const element of body.tableElts ?? []) {
    const column = nodeAs<ColumnDef>(element, 'ColumnDef');
    if (column) {
      for (const c of column.constraints ?? []) foreignKeyTarget(ctx, nodeAs<Constraint>(c, 'Constraint'));
      if (newName && isJsonType(column.typeName as TypeName | undefined)) ctx.addHazard(H.jsonColumn(ctx.catalog.resolve(newName).key, column.colname ?? ''));
      continue;
    }
    const constraint = nodeAs<Constraint>(element, 'Constraint');
    if (constraint) {
      foreignKeyTarget(ctx, constraint);
      continue;
    }
    const like = nodeAs<TableLikeClause>(element, 'TableLikeClause');
    if (like) {
      const source = ctx.resolveRangeVar(like.relation as RangeVar | undefined);
      ctx.lock(source, 'AccessShareLock', `LIKE ${source?.key ?? ''} copies its definition`);
      // INCLUDING DEFAULTS (or ALL) copies defaults, which reference their sequences.
      const options = like.options ?? 0;
      if (source?.entry && (options & (1 << 3)) !== 0) {
        for (const col of source.entry.columns) {
          if (col.sequence && col.default !== null) ctx.lockKey(col.sequence, 'AccessShareLock', `LIKE ... INCLUDING DEFAULTS copies a default using ${col.sequence}`);
        }
      }
    }
  }
  for (const parent of body.inhRelations ?? []) {
    const rv = nodeAs<RangeVar>(parent, 'RangeVar');
    const resolved = ctx.resolveRangeVar(rv);
    if (body.partbound) {
      ctx.lock(resolved, 'AccessExclusiveLock', `PARTITION OF ${resolved?.key ?? ''} adds a partition`);
      const defaultPartition = resolved?.entry?.defaultPartition;
      if (defaultPartition) {
        ctx.lockKey(defaultPartition, 'AccessExclusiveLock', `the default partition ${defaultPartition} is checked for rows belonging to the new partition`);
        scanTable(ctx, defaultPartition, false);
      }
    } else {
      ctx.lock(resolved, 'ShareUpdateExclusiveLock', `INHERITS ${resolved?.key ?? ''}`);
    }
  }
}

const REFERENCES = new ReasonTexts('REFERENCES ', " creates the foreign key's triggers on it");

function foreignKeyTarget(ctx: AnalysisContext, constraint: Constraint | undefined): void {
  if (constraint?.contype !== 'CONSTR_FOREIGN') return;
  const referenced = ctx.resolveRangeVar(constraint.pktable as RangeVar | undefined);
  ctx.lock(referenced, 'ShareRowExclusiveLock', REFERENCES.for(referenced?.key ?? ''));
}

export function refreshMaterializedView(ctx: AnalysisContext, body: RefreshMatViewStmt): void {
  const view = ctx.resolveRangeVar(body.relation);
  if (!ctx.known(view)) return;
  ctx.lock(view, body.concurrent ? 'ExclusiveLock' : 'AccessExclusiveLock', `REFRESH MATERIALIZED VIEW${body.concurrent ? ' CONCURRENTLY' : ''} ${view.key}`);
  if (!body.skipData) {
    for (const source of ctx.catalog.viewSources(view.key)) ctx.lockKey(source, 'AccessShareLock', `the materialized view's query reads ${source}`);
  }
  if (!body.concurrent) {
    ctx.rewrite(view.key);
    if (ctx.preexisting(view)) ctx.hazard(view, H.refreshMaterializedView(view.key, fixFrom(ctx, ['materialized', 'view'])));
  }
}

export function rename(ctx: AnalysisContext, body: RenameStmt): void {
  const relation = ctx.resolveRangeVar(body.relation);
  if (!ctx.known(relation)) return;
  switch (body.renameType) {
    case 'OBJECT_INDEX':
      ctx.lock(relation, 'ShareUpdateExclusiveLock', `ALTER INDEX ${relation.key} RENAME`);
      return;
    case 'OBJECT_TABLE':
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
    case 'OBJECT_SEQUENCE':
    case 'OBJECT_FOREIGN_TABLE':
      ctx.lock(relation, 'AccessExclusiveLock', `RENAME ${relation.key} TO ${body.newname ?? ''}`);
      if (body.renameType !== 'OBJECT_SEQUENCE' && ctx.preexisting(relation)) ctx.hazard(relation, H.renameTable(relation.key, body.newname ?? ''));
      return;
    case 'OBJECT_COLUMN':
      ctx.lock(relation, 'AccessExclusiveLock', `RENAME COLUMN ${body.subname ?? ''}`);
      if (body.relation?.inh === true) lockDescendants(ctx, relation.key, 'AccessExclusiveLock', 'RENAME COLUMN');
      if (ctx.preexisting(relation) && body.relationType !== 'OBJECT_VIEW') ctx.hazard(relation, H.renameColumn(relation.key, body.subname ?? '', body.newname ?? ''));
      return;
    case 'OBJECT_TABCONSTRAINT': {
      ctx.lock(relation, 'AccessExclusiveLock', `RENAME CONSTRAINT ${body.subname ?? ''}`);
      const constraint = ctx.catalog.constraintsOf(relation.key).find((c) => c.name === body.subname);
      if (constraint?.index) ctx.lockKey(constraint.index, 'ShareUpdateExclusiveLock', `renaming ${constraint.name} renames its index`);
      return;
    }
    case 'OBJECT_TRIGGER':
    case 'OBJECT_POLICY':
    case 'OBJECT_RULE':
      ctx.lock(relation, 'AccessExclusiveLock', `RENAME ${body.renameType.replace('OBJECT_', '')} ${body.subname ?? ''}`);
      return;
    default:
      return;
  }
}

const SCHEMA_MOVABLE = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SEQUENCE', 'OBJECT_FOREIGN_TABLE']);

export function setSchema(ctx: AnalysisContext, relation: ResolvedRelation | undefined, objectType: string | undefined): void {
  if (!ctx.known(relation)) return;
  if (!SCHEMA_MOVABLE.has(objectType ?? '')) return;
  ctx.lock(relation, 'AccessExclusiveLock', `SET SCHEMA moves ${relation.key}`);
  for (const seq of ctx.catalog.ownedSequencesOf(relation.key)) ctx.lockKey(`${seq.schema}.${seq.name}`, 'AccessExclusiveLock', `owned sequence ${seq.schema}.${seq.name} moves with ${relation.key}`);
}

export function sequenceOwnedBy(ctx: AnalysisContext, options: readonly unknown[] | undefined, what: string): void {
  for (const o of options ?? []) {
    const d = nodeAs<{ defname?: string; arg?: unknown }>(o, 'DefElem');
    if (d?.defname !== 'owned_by') continue;
    const parts = stringList(nodeAs<{ items?: unknown[] }>(d.arg, 'List')?.items);
    if (parts.length < 2 || (parts.length === 1 && parts[0] === 'none')) continue;
    ctx.lock(ctx.resolve(listName(parts.slice(0, -1))), 'AccessShareLock', `${what} OWNED BY ${parts.join('.')}`);
  }
}

export function publicationTables(ctx: AnalysisContext, objects: readonly unknown[] | undefined, what: string): void {
  for (const o of objects ?? []) {
    const spec = nodeAs<{ pubobjtype?: string; pubtable?: { relation?: RangeVar } }>(o, 'PublicationObjSpec');
    if (spec?.pubobjtype !== 'PUBLICATIONOBJ_TABLE') continue;
    ctx.lock(ctx.resolveRangeVar(spec.pubtable?.relation), 'ShareUpdateExclusiveLock', `${what} adds the table to a publication`);
  }
}
