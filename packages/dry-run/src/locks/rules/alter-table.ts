// ALTER TABLE / INDEX / VIEW / MATERIALIZED VIEW / SEQUENCE / FOREIGN TABLE: the lock level of
// each subcommand (PostgreSQL's AlterTableGetLockLevel, checked against pg_locks on 15 and 18),
// the strongest one winning per relation; rewrites, validation scans and hazards.
import type { AlterTableCmd, AlterTableStmt, ColumnDef, Constraint, PartitionCmd, RangeVar, TypeName } from 'libpg-query';
import type { ResolvedRelation } from '../../catalog/catalog.js';
import * as H from '../../hazards/hazards.js';
import { clauseAt, defaultConstraintName, expressionAt } from '../../hazards/sql-text.js';
import { nodeAs, rangeVarName, stringList, typeRef } from '../../parse/ast.js';
import type { LockMode } from '../../types.js';
import type { AnalysisContext } from '../context.js';
import { ReasonTexts } from '../reason-texts.js';
import { provenNotNull, volatileFunctionIn } from '../expressions.js';
import { typeChangeRewrites, typeFromCatalog, typeFromRef } from '../type-change.js';
import { indexKeyNear, lockDescendants, rewriteTable, scanTable } from './common.js';

// Subcommands PostgreSQL applies to inheritance children and partitions too (unless ONLY).
const RECURSING = new Set([
  'AT_AddColumn',
  'AT_DropColumn',
  'AT_ColumnDefault',
  'AT_SetNotNull',
  'AT_DropNotNull',
  'AT_SetStatistics',
  'AT_SetOptions',
  'AT_ResetOptions',
  'AT_SetStorage',
  'AT_SetCompression',
  'AT_AlterColumnType',
  'AT_AddConstraint',
  'AT_ValidateConstraint',
  'AT_DropConstraint',
  'AT_DropExpression',
  'AT_SetExpression',
  'AT_AddIdentity',
  'AT_SetIdentity',
  'AT_DropIdentity',
]);

const SHARE_UPDATE_EXCLUSIVE = new Set([
  'AT_SetStatistics',
  'AT_SetOptions',
  'AT_ResetOptions',
  'AT_ClusterOn',
  'AT_DropCluster',
  'AT_ValidateConstraint',
  'AT_DetachPartitionFinalize',
]);

const SHARE_ROW_EXCLUSIVE = new Set([
  'AT_EnableTrig',
  'AT_EnableAlwaysTrig',
  'AT_EnableReplicaTrig',
  'AT_DisableTrig',
  'AT_EnableTrigAll',
  'AT_DisableTrigAll',
  'AT_EnableTrigUser',
  'AT_DisableTrigUser',
]);

// Storage parameters PostgreSQL changes under ShareUpdateExclusiveLock (reloptions.c); any other
// option (view options, user_catalog_table, unknown ones) takes AccessExclusiveLock.
const LIGHT_OPTIONS = new Set([
  'fillfactor',
  'parallel_workers',
  'toast_tuple_target',
  'vacuum_index_cleanup',
  'vacuum_truncate',
  'vacuum_max_eager_freeze_failure_rate',
  'log_autovacuum_min_duration',
  'deduplicate_items',
  'fastupdate',
  'gin_pending_list_limit',
  'autosummarize',
  'pages_per_range',
  'buffering',
]);

function optionsMode(options: readonly unknown[] | undefined): LockMode {
  for (const o of options ?? []) {
    const d = nodeAs<{ defname?: string; defnamespace?: string }>(o, 'DefElem');
    const name = d?.defname ?? '';
    if (name.startsWith('autovacuum_') || LIGHT_OPTIONS.has(name)) continue;
    return 'AccessExclusiveLock';
  }
  return 'ShareUpdateExclusiveLock';
}

function subcommandMode(cmd: AlterTableCmd): LockMode {
  const t = cmd.subtype ?? '';
  if (SHARE_UPDATE_EXCLUSIVE.has(t)) return 'ShareUpdateExclusiveLock';
  if (SHARE_ROW_EXCLUSIVE.has(t)) return 'ShareRowExclusiveLock';
  if (t === 'AT_SetRelOptions' || t === 'AT_ResetRelOptions') return optionsMode(nodeAs<{ items?: unknown[] }>(cmd.def, 'List')?.items);
  if (t === 'AT_AddConstraint') {
    const c = nodeAs<Constraint>(cmd.def, 'Constraint');
    if (c?.contype === 'CONSTR_FOREIGN') return 'ShareRowExclusiveLock';
    return 'AccessExclusiveLock';
  }
  if (t === 'AT_AttachPartition') return 'ShareUpdateExclusiveLock';
  if (t === 'AT_DetachPartition') return nodeAs<PartitionCmd>(cmd.def, 'PartitionCmd')?.concurrent ? 'ShareUpdateExclusiveLock' : 'AccessExclusiveLock';
  return 'AccessExclusiveLock';
}

const SUBCOMMAND_WORDS: Readonly<Record<string, string>> = {
  AT_AddColumn: 'ADD COLUMN',
  AT_DropColumn: 'DROP COLUMN',
  AT_ColumnDefault: 'ALTER COLUMN SET/DROP DEFAULT',
  AT_SetNotNull: 'ALTER COLUMN SET NOT NULL',
  AT_DropNotNull: 'ALTER COLUMN DROP NOT NULL',
  AT_SetStatistics: 'ALTER COLUMN SET STATISTICS',
  AT_SetOptions: 'ALTER COLUMN SET (...)',
  AT_ResetOptions: 'ALTER COLUMN RESET (...)',
  AT_SetStorage: 'ALTER COLUMN SET STORAGE',
  AT_SetCompression: 'ALTER COLUMN SET COMPRESSION',
  AT_AlterColumnType: 'ALTER COLUMN TYPE',
  AT_AddConstraint: 'ADD CONSTRAINT',
  AT_ValidateConstraint: 'VALIDATE CONSTRAINT',
  AT_DropConstraint: 'DROP CONSTRAINT',
  AT_AlterConstraint: 'ALTER CONSTRAINT',
  AT_ChangeOwner: 'OWNER TO',
  AT_ClusterOn: 'CLUSTER ON',
  AT_DropCluster: 'SET WITHOUT CLUSTER',
  AT_SetLogged: 'SET LOGGED',
  AT_SetUnLogged: 'SET UNLOGGED',
  AT_SetAccessMethod: 'SET ACCESS METHOD',
  AT_SetTableSpace: 'SET TABLESPACE',
  AT_SetRelOptions: 'SET (...)',
  AT_ResetRelOptions: 'RESET (...)',
  AT_ReplaceRelOptions: 'SET (...)',
  AT_ReplicaIdentity: 'REPLICA IDENTITY',
  AT_EnableRowSecurity: 'ENABLE ROW LEVEL SECURITY',
  AT_DisableRowSecurity: 'DISABLE ROW LEVEL SECURITY',
  AT_ForceRowSecurity: 'FORCE ROW LEVEL SECURITY',
  AT_NoForceRowSecurity: 'NO FORCE ROW LEVEL SECURITY',
  AT_AttachPartition: 'ATTACH PARTITION',
  AT_DetachPartition: 'DETACH PARTITION',
  AT_DetachPartitionFinalize: 'DETACH PARTITION FINALIZE',
  AT_AddInherit: 'INHERIT',
  AT_DropInherit: 'NO INHERIT',
  AT_AddIdentity: 'ADD GENERATED AS IDENTITY',
  AT_SetIdentity: 'ALTER IDENTITY',
  AT_DropIdentity: 'DROP IDENTITY',
  AT_SetExpression: 'SET EXPRESSION',
  AT_DropExpression: 'DROP EXPRESSION',
  AT_GenericOptions: 'OPTIONS (...)',
  AT_AddOf: 'OF type',
  AT_DropOf: 'NOT OF',
};

function describe(cmd: AlterTableCmd): string {
  const t = cmd.subtype ?? '';
  const words = SUBCOMMAND_WORDS[t] ?? (t.includes('Trig') ? 'ENABLE/DISABLE TRIGGER' : t.includes('Rule') ? 'ENABLE/DISABLE RULE' : t.replace('AT_', ''));
  const column = cmd.name ?? nodeAs<ColumnDef>(cmd.def, 'ColumnDef')?.colname;
  return column && t !== 'AT_ValidateConstraint' && t !== 'AT_DropConstraint' && !t.includes('Trig') ? `${words} ${column}` : cmd.name ? `${words} ${cmd.name}` : words;
}

const NO_CONSTRAINTS: readonly Constraint[] = Object.freeze([]);

function constraintsOfColumnDef(def: ColumnDef | undefined): readonly Constraint[] {
  const list = def?.constraints;
  if (!list || list.length === 0) return NO_CONSTRAINTS;
  const out: Constraint[] = [];
  for (const x of list) {
    const c = nodeAs<Constraint>(x, 'Constraint');
    if (c) out.push(c);
  }
  return out;
}

// SQL spellings of the internal type names the parser produces.
const TYPE_DISPLAY: Readonly<Record<string, string>> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  bpchar: 'char',
  timestamptz: 'timestamptz',
};

function typeDisplay(t: { schema: string | null; name: string; modifiers: readonly number[]; array: boolean }): string {
  const schema = t.schema && t.schema !== 'pg_catalog' ? `${t.schema}.` : '';
  const name = t.schema === 'pg_catalog' || t.schema === null ? (TYPE_DISPLAY[t.name] ?? t.name) : t.name;
  return `${schema}${name}${t.modifiers.length ? `(${t.modifiers.join(',')})` : ''}${t.array ? '[]' : ''}`;
}

const SERIAL = new Set(['serial', 'bigserial', 'smallserial', 'serial2', 'serial4', 'serial8']);

function addColumn(ctx: AnalysisContext, table: ResolvedRelation, recurse: boolean, cmd: AlterTableCmd): void {
  const def = nodeAs<ColumnDef>(cmd.def, 'ColumnDef');
  if (!def?.colname) return;
  const column = def.colname;
  const type = typeRef(def.typeName as TypeName | undefined);
  const typeText = type ? typeDisplay(type) : 'type';
  const constraints = constraintsOfColumnDef(def);
  const defaultExpr = constraints.find((c) => c.contype === 'CONSTR_DEFAULT')?.raw_expr;
  const identity = constraints.some((c) => c.contype === 'CONSTR_IDENTITY');
  const generated = constraints.find((c) => c.contype === 'CONSTR_GENERATED');
  // PostgreSQL 18 makes generated columns VIRTUAL unless STORED is written.
  const storedGenerated = generated !== undefined && (generated.generated_kind === 's' || (generated.generated_kind === undefined && ctx.serverVersion < 180000));
  const serial = type !== undefined && type.schema === null && SERIAL.has(type.name);
  const volatile = defaultExpr !== undefined ? volatileFunctionIn(defaultExpr, ctx.catalog) : undefined;
  const existing = ctx.preexisting(table);

  if (serial || identity || storedGenerated || volatile !== undefined) {
    rewriteTable(ctx, table.key, recurse);
    if (existing) {
      if (serial) ctx.hazard(table, H.addColumnSerial(table.key, column, type?.name ?? 'serial'));
      else if (identity) ctx.hazard(table, H.addColumnIdentity(table.key, column));
      else if (storedGenerated) ctx.hazard(table, H.addColumnGeneratedStored(table.key, column, ctx.serverVersion));
      else {
        const statement = ctx.statement;
        const at = locationOf(defaultExpr);
        ctx.hazard(table, H.addColumnVolatileDefault(table.key, column, typeText, volatile ?? 'a volatile function', () => expressionAt(statement, at)));
      }
    }
  }
  const notNull = constraints.some((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY');
  if (notNull && defaultExpr === undefined && !identity && !serial && !generated) {
    scanTable(ctx, table.key, recurse);
    if (existing) ctx.hazard(table, H.addColumnNotNullWithoutDefault(table.key, column));
  }
  for (const c of constraints) {
    if (c.contype === 'CONSTR_CHECK' && !c.skip_validation) scanTable(ctx, table.key, recurse);
    if (c.contype === 'CONSTR_UNIQUE' || c.contype === 'CONSTR_PRIMARY') {
      scanTable(ctx, table.key, recurse);
      const kind = c.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE';
      if (existing) ctx.hazard(table, H.uniqueWithoutIndex(table.key, kind, c.conname ?? defaultConstraintName(table.name, kind === 'PRIMARY KEY' ? [] : [column], kind === 'PRIMARY KEY' ? 'pkey' : 'key'), [column]));
    }
    if (c.contype === 'CONSTR_FOREIGN') lockReferenced(ctx, c, `ADD COLUMN ${column} REFERENCES adds a foreign key`);
  }
  if (type && (type.name === 'json' && (type.schema === null || type.schema === 'pg_catalog'))) ctx.addHazard(H.jsonColumn(table.key, column));
}

function clauseOf(ctx: AnalysisContext, location: number | undefined): () => string | undefined {
  const statement = ctx.statement;
  return () => clauseAt(statement, location);
}

function locationOf(node: unknown): number | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  for (const key in node as object) {
    const body = (node as Record<string, { location?: number }>)[key];
    if (body && typeof body === 'object' && typeof body.location === 'number') return body.location;
  }
  return undefined;
}

const ADD_FOREIGN_KEY = new ReasonTexts('ADD FOREIGN KEY referencing ', ' (its triggers are created there too)');

function lockReferenced(ctx: AnalysisContext, c: Constraint, reason: string): void {
  const referenced = ctx.resolveRangeVar(c.pktable as RangeVar | undefined);
  if (!referenced) return;
  ctx.lock(referenced, 'ShareRowExclusiveLock', reason === 'ADD FOREIGN KEY' ? ADD_FOREIGN_KEY.for(referenced.key) : `${reason} referencing ${referenced.key} (its triggers are created there too)`);
}

function addConstraint(ctx: AnalysisContext, table: ResolvedRelation, recurse: boolean, cmd: AlterTableCmd): void {
  const c = nodeAs<Constraint>(cmd.def, 'Constraint');
  if (!c) return;
  const existing = ctx.preexisting(table);
  const validating = !c.skip_validation;
  switch (c.contype) {
    case 'CONSTR_CHECK': {
      if (!validating) return;
      scanTable(ctx, table.key, recurse && !c.is_no_inherit);
      const name = c.conname ?? defaultConstraintName(table.name, [], 'check');
      if (existing) ctx.hazard(table, H.addConstraintValidating(table.key, 'CHECK', name, clauseOf(ctx, c.location), null));
      return;
    }
    case 'CONSTR_FOREIGN': {
      const referenced = ctx.resolveRangeVar(c.pktable as RangeVar | undefined);
      lockReferenced(ctx, c, 'ADD FOREIGN KEY');
      if (ctx.kindOf(table.key) === 'p') lockDescendants(ctx, table.key, 'ShareRowExclusiveLock', 'ADD FOREIGN KEY');
      if (!validating) return;
      scanTable(ctx, table.key, true);
      const columns = stringList(c.fk_attrs);
      const name = c.conname ?? defaultConstraintName(table.name, columns, 'fkey');
      if (existing) ctx.hazard(table, H.addConstraintValidating(table.key, 'FOREIGN KEY', name, clauseOf(ctx, c.location), referenced?.key ?? null));
      return;
    }
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE': {
      const kind = c.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE';
      if (c.indexname) {
        const index = ctx.resolve({ schema: table.schema, name: c.indexname });
        ctx.lock(index, 'ShareUpdateExclusiveLock', `${kind} USING INDEX ${c.indexname} turns the index into the constraint`);
        if (kind === 'PRIMARY KEY') {
          // The key columns become NOT NULL, which is checked by a scan unless already proven.
          const index = ctx.catalog.relation(`${table.schema}.${c.indexname}`);
          const columns = index?.index?.columns ?? [];
          const needsScan = columns.length === 0 || columns.some((col) => col === null || !ctx.catalog.column(table.key, col)?.notNull);
          if (needsScan) scanTable(ctx, table.key, false);
        }
        return;
      }
      scanTable(ctx, table.key, true);
      if (ctx.kindOf(table.key) === 'p') lockDescendants(ctx, table.key, 'AccessExclusiveLock', `ADD ${kind}`);
      const columns = stringList(c.keys);
      const name = c.conname ?? (kind === 'PRIMARY KEY' ? defaultConstraintName(table.name, [], 'pkey') : defaultConstraintName(table.name, columns, 'key'));
      if (existing) ctx.hazard(table, H.uniqueWithoutIndex(table.key, kind, name, columns));
      return;
    }
    case 'CONSTR_EXCLUSION': {
      scanTable(ctx, table.key, true);
      if (existing) ctx.hazard(table, H.exclusionConstraint(table.key, c.conname ?? defaultConstraintName(table.name, [], 'excl')));
      return;
    }
    case 'CONSTR_NOTNULL': {
      if (!validating) return;
      const columns = stringList(c.keys);
      const proven = columns.every((col) => ctx.catalog.column(table.key, col)?.notNull || provenNotNull(ctx.catalog.constraintsOf(table.key), col));
      if (!proven) {
        scanTable(ctx, table.key, recurse);
        for (const col of columns) {
          if (existing) ctx.hazard(table, H.setNotNullScan(table.key, col, defaultConstraintName(table.name, [col], 'not_null'), ctx.serverVersion));
        }
      }
      return;
    }
    default:
      return;
  }
}

function dropColumn(ctx: AnalysisContext, table: ResolvedRelation, cmd: AlterTableCmd): void {
  const column = cmd.name;
  if (!column) return;
  if (ctx.preexisting(table)) ctx.hazard(table, H.dropColumn(table.key, column));
  const catalog = ctx.catalog;
  for (const seq of catalog.ownedSequencesOf(table.key)) {
    if (seq.ownedBy?.column === column) ctx.lockKey(`${seq.schema}.${seq.name}`, 'AccessExclusiveLock', `the sequence owned by ${table.key}.${column} is dropped with it`);
  }
  for (const c of catalog.constraintsOf(table.key)) {
    if (c.type === 'f' && c.referencedTable && c.columns.includes(column)) {
      ctx.lockKey(c.referencedTable, 'AccessExclusiveLock', `dropping ${column} drops foreign key ${c.name}, whose triggers on ${c.referencedTable} are removed`);
    }
  }
  if (cmd.behavior === 'DROP_CASCADE') {
    for (const d of catalog.dependentsOf(table.key, column)) {
      if ((d.kind === 'view' || d.kind === 'materialized view') && d.relation) ctx.lockKey(d.relation, 'AccessExclusiveLock', `CASCADE drops ${d.kind} ${d.relation}, which uses ${table.key}.${column}`);
    }
    for (const c of catalog.referencingConstraints(table.key)) {
      if (c.referencedColumns.includes(column) && c.table !== table.key) ctx.lockKey(c.table, 'AccessExclusiveLock', `CASCADE drops foreign key ${c.name} of ${c.table}`);
    }
  }
}

function alterColumnType(ctx: AnalysisContext, table: ResolvedRelation, recurse: boolean, cmd: AlterTableCmd): void {
  const column = cmd.name;
  const def = nodeAs<ColumnDef>(cmd.def, 'ColumnDef');
  const ref = typeRef(def?.typeName as TypeName | undefined);
  if (!column || !ref) return;
  const current = ctx.catalog.column(table.key, column);
  const verdict = typeChangeRewrites(current ? typeFromCatalog(current) : undefined, typeFromRef(ref), {
    using: def?.raw_default !== undefined,
    timeZone: ctx.catalog.timeZone,
  });
  const toText = typeDisplay(ref);
  if (verdict.rewrite !== false) {
    rewriteTable(ctx, table.key, recurse);
    if (ctx.preexisting(table)) ctx.hazard(table, H.rewriteTypeChange(table.key, column, current?.type ?? null, toText, verdict.rewrite === null ? verdict.why : null));
  }
  // Foreign keys on the column (either side) are dropped and re-created.
  for (const c of ctx.catalog.constraintsOf(table.key)) {
    if (c.type === 'f' && c.referencedTable && c.columns.includes(column) && c.referencedTable !== table.key) {
      ctx.lockKey(c.referencedTable, 'AccessExclusiveLock', `foreign key ${c.name} on ${column} is re-created, re-creating its triggers on ${c.referencedTable}`);
    }
  }
  for (const c of ctx.catalog.referencingConstraints(table.key)) {
    if (c.referencedColumns.includes(column) && c.table !== table.key) ctx.lockKey(c.table, 'AccessExclusiveLock', `foreign key ${c.name} of ${c.table} references ${column} and is re-created`);
  }
  if (ref.name === 'json' && (ref.schema === null || ref.schema === 'pg_catalog')) ctx.addHazard(H.jsonColumn(table.key, column));
}

function setNotNull(ctx: AnalysisContext, table: ResolvedRelation, recurse: boolean, cmd: AlterTableCmd): void {
  const column = cmd.name;
  if (!column) return;
  const current = ctx.catalog.column(table.key, column);
  if (current?.notNull) return;
  if (provenNotNull(ctx.catalog.constraintsOf(table.key), column)) return;
  scanTable(ctx, table.key, recurse);
  if (ctx.preexisting(table)) ctx.hazard(table, H.setNotNullScan(table.key, column, defaultConstraintName(table.name, [column], 'not_null'), ctx.serverVersion));
}

function validateConstraint(ctx: AnalysisContext, table: ResolvedRelation, recurse: boolean, cmd: AlterTableCmd): void {
  const constraint = ctx.catalog.constraintsOf(table.key).find((c) => c.name === cmd.name);
  if (constraint?.validated) return;
  scanTable(ctx, table.key, recurse);
  if (constraint?.type === 'f' && constraint.referencedTable) {
    ctx.lockKey(constraint.referencedTable, 'RowShareLock', `VALIDATE CONSTRAINT ${constraint.name} checks the referenced rows of ${constraint.referencedTable} (FOR KEY SHARE)`);
  }
}

function dropConstraint(ctx: AnalysisContext, table: ResolvedRelation, cmd: AlterTableCmd): void {
  const constraint = ctx.catalog.constraintsOf(table.key).find((c) => c.name === cmd.name);
  if (!constraint) return;
  if (constraint.type === 'f' && constraint.referencedTable && constraint.referencedTable !== table.key) {
    ctx.lockKey(constraint.referencedTable, 'AccessExclusiveLock', `dropping foreign key ${constraint.name} removes its triggers on ${constraint.referencedTable}`);
  }
  if ((constraint.type === 'p' || constraint.type === 'u') && constraint.index) {
    ctx.lockKey(constraint.index, 'AccessExclusiveLock', `dropping ${constraint.name} drops its index ${constraint.index}`);
    if (cmd.behavior === 'DROP_CASCADE') {
      for (const fk of ctx.catalog.referencingConstraints(table.key)) {
        if (fk.table !== table.key && fk.referencedColumns.every((col) => constraint.columns.includes(col))) {
          ctx.lockKey(fk.table, 'AccessExclusiveLock', `CASCADE drops foreign key ${fk.name} of ${fk.table}`);
        }
      }
    }
  }
}

function attachPartition(ctx: AnalysisContext, parent: ResolvedRelation, cmd: AlterTableCmd): void {
  const pc = nodeAs<PartitionCmd>(cmd.def, 'PartitionCmd');
  const partition = ctx.resolveRangeVar(pc?.name);
  if (!partition) return;
  if (ctx.kindOf(parent.key) === 'I' || ctx.catalog.relation(parent.key)?.kind === 'i') {
    // ALTER INDEX parent ATTACH PARTITION child_index: both tables are read to match the indexes.
    ctx.lock(partition, 'AccessExclusiveLock', `ATTACH PARTITION attaches index ${partition.key}`);
    for (const index of [parent.key, partition.key]) {
      const table = ctx.catalog.relation(index)?.table;
      if (table) ctx.lockKey(table, 'AccessShareLock', `ALTER INDEX ... ATTACH PARTITION reads ${table}`);
    }
    return;
  }
  ctx.lock(partition, 'AccessExclusiveLock', `ATTACH PARTITION ${partition.key}: the partition is checked against its bound`);
  const defaultPartition = ctx.catalog.relation(parent.key)?.defaultPartition;
  if (defaultPartition && defaultPartition !== partition.key) {
    ctx.lockKey(defaultPartition, 'AccessExclusiveLock', `the default partition ${defaultPartition} is checked for rows that now belong to ${partition.key}`);
    scanTable(ctx, defaultPartition, false);
  }
  // A validated CHECK constraint on the partition key columns usually proves the bound; without
  // one PostgreSQL scans the partition under its AccessExclusiveLock.
  const keyColumns = ctx.catalog.relation(parent.key)?.partitionKey ?? [];
  const proven =
    keyColumns.length > 0 &&
    ctx.catalog.constraintsOf(partition.key).some((c) => c.type === 'c' && c.validated && keyColumns.every((k) => c.columns.includes(k)));
  if (!proven) {
    scanTable(ctx, partition.key, true);
    if (ctx.preexisting(partition)) ctx.hazard(partition, H.attachPartitionScan(parent.key, partition.key));
  }
}

function detachPartition(ctx: AnalysisContext, parent: ResolvedRelation, cmd: AlterTableCmd): void {
  const pc = nodeAs<PartitionCmd>(cmd.def, 'PartitionCmd');
  const partition = ctx.resolveRangeVar(pc?.name);
  if (!partition) return;
  if (pc?.concurrent || cmd.subtype === 'AT_DetachPartitionFinalize') {
    ctx.lock(partition, 'ShareUpdateExclusiveLock', `DETACH PARTITION ${pc?.concurrent ? 'CONCURRENTLY' : 'FINALIZE'} ${partition.key}`);
    return;
  }
  ctx.lock(partition, 'AccessExclusiveLock', `DETACH PARTITION ${partition.key}`);
  const defaultPartition = ctx.catalog.relation(parent.key)?.defaultPartition;
  if (defaultPartition && defaultPartition !== partition.key) {
    ctx.lockKey(defaultPartition, 'AccessExclusiveLock', `the default partition ${defaultPartition} gets its partition constraint changed`);
  }
  if (ctx.preexisting(parent)) ctx.hazard(parent, H.detachPartitionBlocking(parent.key, partition.key));
}

function setTablespace(ctx: AnalysisContext, table: ResolvedRelation, cmd: AlterTableCmd): void {
  const entry = table.entry;
  const target = cmd.name ?? '';
  const current = entry?.tablespace ?? 'pg_default';
  if (entry && (entry.kind === 'p' || entry.kind === 'I' || current === target)) return;
  if (entry?.kind === 'i' || ctx.catalog.relation(table.key)?.kind === 'i') {
    ctx.rewrite(table.key);
    return;
  }
  rewriteTable(ctx, table.key, false);
  if (ctx.preexisting(table)) ctx.hazard(table, H.tableRewrite(table.key, `SET TABLESPACE ${target}`));
}

function setPersistence(ctx: AnalysisContext, table: ResolvedRelation, cmd: AlterTableCmd): void {
  const wanted = cmd.subtype === 'AT_SetLogged' ? 'p' : 'u';
  if (table.entry && table.entry.persistence === wanted) return;
  if (table.entry?.kind === 'p') return;
  rewriteTable(ctx, table.key, false);
  if (ctx.preexisting(table)) ctx.hazard(table, H.tableRewrite(table.key, cmd.subtype === 'AT_SetLogged' ? 'SET LOGGED' : 'SET UNLOGGED'));
}

// ENABLE/DISABLE TRIGGER on a partitioned table also changes the partitions' clones of the
// row-level triggers it matches.
function triggersRecurse(ctx: AnalysisContext, table: string, cmd: AlterTableCmd): boolean {
  const entry = ctx.catalog.relation(table);
  if (entry?.kind !== 'p') return false;
  const t = cmd.subtype ?? '';
  if (t === 'AT_EnableTrigAll' || t === 'AT_DisableTrigAll') {
    const hasForeignKeys = ctx.catalog.constraintsOf(table).some((c) => c.type === 'f') || ctx.catalog.referencingConstraints(table).length > 0;
    return hasForeignKeys || entry.triggers.some((x) => x.row);
  }
  if (t === 'AT_EnableTrigUser' || t === 'AT_DisableTrigUser') return entry.triggers.some((x) => x.row);
  return entry.triggers.some((x) => x.row && x.name === cmd.name);
}

// "ALTER TABLE OWNER TO", "ALTER TABLE SET (...)": subcommands that name nothing have the same
// reason every time; built once.
const PLAIN_REASONS = new Map<string, string>();

function tableReason(cmd: AlterTableCmd): string {
  if (cmd.name !== undefined || cmd.def !== undefined) return `ALTER TABLE ${describe(cmd)}`;
  const t = cmd.subtype ?? '';
  let reason = PLAIN_REASONS.get(t);
  if (reason === undefined) {
    reason = `ALTER TABLE ${describe(cmd)}`;
    PLAIN_REASONS.set(t, reason);
  }
  return reason;
}

/** Lock, rewrite, scan and hazard prediction for ALTER TABLE and its relatives. */
export function alterTable(ctx: AnalysisContext, body: AlterTableStmt): void {
  const table = ctx.resolveRangeVar(body.relation);
  if (!ctx.known(table)) return;
  const recurse = body.relation?.inh === true;
  const isTable = (body.objtype ?? 'OBJECT_TABLE') === 'OBJECT_TABLE' || body.objtype === 'OBJECT_FOREIGN_TABLE';
  for (const c of body.cmds ?? []) {
    const cmd = nodeAs<AlterTableCmd>(c, 'AlterTableCmd');
    if (!cmd) continue;
    const subtype = cmd.subtype ?? '';
    const mode = subcommandMode(cmd);
    const reason = isTable ? tableReason(cmd) : `ALTER ${body.objtype?.replace('OBJECT_', '').replace('_', ' ') ?? 'TABLE'} ${describe(cmd)}`;
    ctx.lock(table, mode, reason);
    if (recurse && (RECURSING.has(subtype) || (SHARE_ROW_EXCLUSIVE.has(subtype) && triggersRecurse(ctx, table.key, cmd)))) lockDescendants(ctx, table.key, mode, reason);
    switch (subtype) {
      case 'AT_AddColumn':
        addColumn(ctx, table, recurse, cmd);
        break;
      case 'AT_DropColumn':
        dropColumn(ctx, table, cmd);
        break;
      case 'AT_AlterColumnType':
        alterColumnType(ctx, table, recurse, cmd);
        break;
      case 'AT_SetNotNull':
        setNotNull(ctx, table, recurse, cmd);
        break;
      case 'AT_AddConstraint':
        addConstraint(ctx, table, recurse, cmd);
        break;
      case 'AT_ValidateConstraint':
        validateConstraint(ctx, table, recurse, cmd);
        break;
      case 'AT_DropConstraint':
        dropConstraint(ctx, table, cmd);
        break;
      case 'AT_ClusterOn':
        if (cmd.name) ctx.lockKey(indexKeyNear(table.key, cmd.name), 'ShareUpdateExclusiveLock', `CLUSTER ON marks index ${cmd.name}`);
        break;
      case 'AT_SetTableSpace':
        setTablespace(ctx, table, cmd);
        break;
      case 'AT_SetLogged':
      case 'AT_SetUnLogged':
        setPersistence(ctx, table, cmd);
        break;
      case 'AT_SetAccessMethod': {
        const method = cmd.name ?? 'heap';
        if (method !== 'heap') {
          rewriteTable(ctx, table.key, false);
          if (ctx.preexisting(table)) ctx.hazard(table, H.tableRewrite(table.key, `SET ACCESS METHOD ${method}`));
        }
        break;
      }
      case 'AT_SetExpression':
        rewriteTable(ctx, table.key, recurse);
        if (ctx.preexisting(table)) ctx.hazard(table, H.tableRewrite(table.key, `SET EXPRESSION on ${cmd.name ?? 'a generated column'}`));
        break;
      case 'AT_AttachPartition':
        attachPartition(ctx, table, cmd);
        break;
      case 'AT_DetachPartition':
      case 'AT_DetachPartitionFinalize':
        detachPartition(ctx, table, cmd);
        break;
      case 'AT_AddInherit':
      case 'AT_DropInherit': {
        const parent = ctx.resolveRangeVar(nodeAs<RangeVar>(cmd.def, 'RangeVar'));
        ctx.lock(parent, subtype === 'AT_AddInherit' ? 'ShareUpdateExclusiveLock' : 'AccessShareLock', `${describe(cmd)} ${parent?.key ?? ''}`.trim());
        break;
      }
      case 'AT_ReplicaIdentity': {
        const ri = nodeAs<{ identity_type?: string; name?: string }>(cmd.def, 'ReplicaIdentityStmt');
        if (ri?.name) ctx.lockKey(indexKeyNear(table.key, ri.name), 'AccessShareLock', `REPLICA IDENTITY USING INDEX ${ri.name}`);
        break;
      }
      default:
        break;
    }
  }
}

