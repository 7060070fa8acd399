// What a statement refers to by name: relations, columns, types, functions, sequences.
// Read from the parse tree, before anything runs.
import type {
  AlterTableCmd,
  AlterTableStmt,
  ColumnDef,
  CommentStmt,
  Constraint,
  CreateTrigStmt,
  DeleteStmt,
  FuncCall,
  IndexElem,
  IndexStmt,
  InsertStmt,
  RangeVar,
  RenameStmt,
  SelectStmt,
  TypeName,
  UpdateStmt,
} from 'libpg-query';
import { listName, nodeAs, nodeBody, nodeType, rangeVarName, stringList, type QualifiedName } from '../parse/ast.js';
import { literalArgument, type FunctionCall } from '../parse/function-calls.js';
import { parseObjectName } from '../parse/names.js';
import type { ParsedStatement } from '../types.js';

/** A relation the statement needs to exist. */
export interface RelationReference {
  readonly name: QualifiedName;
  /** Byte offset in the source (parse-tree location), when known. */
  readonly location: number | undefined;
  /** What the statement does with it, for messages: `table`, `index`, `sequence`... */
  readonly role: string;
}

/** A column the statement names on a relation. */
export interface ColumnReference {
  readonly relation: QualifiedName;
  readonly column: string;
  readonly location: number | undefined;
}

/** A type named by a column definition or a type change. */
export interface TypeReference {
  readonly name: QualifiedName;
  readonly location: number | undefined;
}

/** A function called (or attached, for triggers) with its argument count. */
export interface FunctionReference {
  readonly name: QualifiedName;
  /** Number of arguments, null when unknown (trigger functions are called with none). */
  readonly argCount: number | null;
  readonly location: number | undefined;
}

/** Everything a statement refers to. */
export interface StatementReferences {
  readonly relations: RelationReference[];
  readonly columns: ColumnReference[];
  readonly types: TypeReference[];
  readonly functions: FunctionReference[];
}

// Top-level keys naming what the statement creates (it must not exist yet) or tolerating a
// missing object (IF EXISTS), per node type.
const CREATED_KEYS: Readonly<Record<string, ReadonlySet<string>>> = {
  CreateStmt: new Set(['relation']),
  CreateForeignTableStmt: new Set(['relation']),
  ViewStmt: new Set(['view']),
  CreateSeqStmt: new Set(['sequence']),
  CompositeTypeStmt: new Set(['typevar']),
  CreateTableAsStmt: new Set(['into']),
};

function collectRelations(node: unknown, out: RelationReference[], ctes: Set<string>, skip: ReadonlySet<string>): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) collectRelations(n, out, ctes, skip);
    return;
  }
  for (const key in node as object) {
    if (skip.has(key)) continue;
    const child = (node as Record<string, unknown>)[key];
    if (child === null || typeof child !== 'object') continue;
    if (key === 'intoClause' || key === 'lockingClause' || key === 'sql_body') continue;
    if (key === 'CommonTableExpr') {
      const name = (child as { ctename?: string }).ctename;
      if (name) ctes.add(name);
    }
    // A RangeVar is wrapped (`{ RangeVar: ... }`) where the grammar allows any node, and bare in
    // typed fields such as InsertStmt.relation or Constraint.pktable.
    if (key === 'RangeVar' || typeof (child as { relname?: unknown }).relname === 'string') {
      const rv = child as RangeVar;
      const name = rangeVarName(rv);
      if (name && !(name.schema === null && ctes.has(name.name))) out.push({ name, location: rv.location, role: 'relation' });
      continue;
    }
    if (key === 'CreateStmt' || key === 'ViewStmt' || key === 'CreateSeqStmt' || key === 'CompositeTypeStmt' || key === 'CreateTableAsStmt' || key === 'CreateForeignTableStmt') {
      // nested creation (CREATE SCHEMA ... CREATE TABLE): the created name is not a reference
      collectRelations(child, out, ctes, CREATED_KEYS[key] ?? new Set());
      continue;
    }
    collectRelations(child, out, ctes, EMPTY);
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function collectCtes(node: unknown, out: Set<string>): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) collectCtes(n, out);
    return;
  }
  for (const key in node as object) {
    const child = (node as Record<string, unknown>)[key];
    if (key === 'CommonTableExpr') {
      const name = (child as { ctename?: string }).ctename;
      if (name) out.add(name);
    }
    if (child && typeof child === 'object') collectCtes(child, out);
  }
}

function functionCallsAll(node: unknown, out: FunctionReference[]): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) functionCallsAll(n, out);
    return;
  }
  for (const key in node as object) {
    const child = (node as Record<string, unknown>)[key];
    if (key === 'FuncCall') {
      const call = child as FuncCall;
      const name = listName(stringList(call.funcname));
      if (name) {
        const args = (call.args?.length ?? 0) + (call.agg_within_group ? (call.agg_order?.length ?? 0) : 0);
        out.push({ name, argCount: args, location: call.location });
      }
    }
    if (key === 'sql_body' || key === 'CreateFunctionStmt') continue;
    if (child && typeof child === 'object') functionCallsAll(child, out);
  }
}

function typeNames(node: unknown, out: TypeReference[]): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) typeNames(n, out);
    return;
  }
  for (const key in node as object) {
    const child = (node as Record<string, unknown>)[key];
    if (key === 'ColumnDef') {
      const def = child as ColumnDef;
      const t = def.typeName as TypeName | undefined;
      const name = listName(stringList(t?.names));
      if (name && !t?.pct_type) out.push({ name, location: t?.location });
    }
    if (child && typeof child === 'object') typeNames(child, out);
  }
}

function columnRefName(node: unknown): string[] {
  const ref = nodeAs<{ fields?: unknown[] }>(node, 'ColumnRef');
  if (!ref) return [];
  if ((ref.fields ?? []).some((f) => nodeType(f) === 'A_Star')) return [];
  return stringList(ref.fields);
}

// Column references of an expression at one query level: SubLinks open their own scope.
function columnRefs(node: unknown, out: { fields: string[]; location: number | undefined }[]): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) columnRefs(n, out);
    return;
  }
  for (const key in node as object) {
    const child = (node as Record<string, unknown>)[key];
    if (key === 'SubLink' || key === 'SelectStmt') continue;
    if (key === 'ColumnRef') {
      const fields = columnRefName({ ColumnRef: child });
      if (fields.length > 0) out.push({ fields, location: (child as { location?: number }).location });
      continue;
    }
    if (child && typeof child === 'object') columnRefs(child, out);
  }
}

function singleTable(from: readonly unknown[] | undefined): { rv: RangeVar; alias: string | undefined } | undefined {
  if (!from || from.length !== 1) return undefined;
  const rv = nodeAs<RangeVar>(from[0], 'RangeVar');
  if (!rv) return undefined;
  return { rv, alias: (rv.alias as { aliasname?: string } | undefined)?.aliasname };
}

// Unambiguous column references of a one-table query level: `col`, `table.col` or `alias.col`.
function simpleColumns(rv: RangeVar, alias: string | undefined, expressions: readonly unknown[], out: ColumnReference[]): void {
  const relation = rangeVarName(rv);
  if (!relation) return;
  const refs: { fields: string[]; location: number | undefined }[] = [];
  for (const e of expressions) columnRefs(e, refs);
  for (const r of refs) {
    if (r.fields.length === 1) out.push({ relation, column: r.fields[0] as string, location: r.location });
    else if (r.fields.length === 2 && (r.fields[0] === (alias ?? relation.name))) out.push({ relation, column: r.fields[1] as string, location: r.location });
  }
}

const COLUMN_SUBCOMMANDS = new Set([
  'AT_DropColumn',
  'AT_AlterColumnType',
  'AT_ColumnDefault',
  'AT_SetNotNull',
  'AT_DropNotNull',
  'AT_SetStatistics',
  'AT_SetOptions',
  'AT_ResetOptions',
  'AT_SetStorage',
  'AT_SetCompression',
  'AT_AddIdentity',
  'AT_SetIdentity',
  'AT_DropIdentity',
  'AT_SetExpression',
  'AT_DropExpression',
]);

function constraintColumns(table: QualifiedName, c: Constraint | undefined, out: ColumnReference[]): void {
  if (!c) return;
  const own = c.contype === 'CONSTR_FOREIGN' ? stringList(c.fk_attrs) : stringList(c.keys);
  for (const col of own) out.push({ relation: table, column: col, location: c.location });
  if (c.contype === 'CONSTR_FOREIGN') {
    const referenced = rangeVarName(c.pktable as RangeVar | undefined);
    if (referenced) for (const col of stringList(c.pk_attrs)) out.push({ relation: referenced, column: col, location: c.location });
  }
  if (c.contype === 'CONSTR_CHECK' && c.raw_expr) {
    const refs: { fields: string[]; location: number | undefined }[] = [];
    columnRefs(c.raw_expr, refs);
    for (const r of refs) if (r.fields.length === 1) out.push({ relation: table, column: r.fields[0] as string, location: r.location });
  }
}

/** Reads what a statement refers to. */
export function statementReferences(statement: ParsedStatement): StatementReferences {
  const type = statement.nodeType;
  const body = nodeBody<Record<string, unknown>>(statement.ast) ?? {};
  const relations: RelationReference[] = [];
  const columns: ColumnReference[] = [];
  const types: TypeReference[] = [];
  const functions: FunctionReference[] = [];
  const ctes = new Set<string>();
  collectCtes(statement.ast, ctes);

  const missingOk = (body as { missing_ok?: boolean }).missing_ok === true;
  if (!missingOk && type !== 'DropStmt') collectRelations(body, relations, ctes, CREATED_KEYS[type] ?? EMPTY);

  switch (type) {
    case 'DropStmt': {
      const drop = body as { objects?: unknown[]; removeType?: string; missing_ok?: boolean };
      const relational: Record<string, string> = { OBJECT_TABLE: 'table', OBJECT_VIEW: 'view', OBJECT_MATVIEW: 'materialized view', OBJECT_INDEX: 'index', OBJECT_SEQUENCE: 'sequence', OBJECT_FOREIGN_TABLE: 'foreign table' };
      const role = relational[drop.removeType ?? ''];
      if (role && !drop.missing_ok) {
        for (const o of drop.objects ?? []) {
          const name = listName(stringList(nodeAs<{ items?: unknown[] }>(o, 'List')?.items));
          if (name) relations.push({ name, location: undefined, role });
        }
      }
      break;
    }
    case 'AlterTableStmt': {
      const alter = body as AlterTableStmt;
      const table = rangeVarName(alter.relation);
      if (!table || alter.missing_ok) break;
      for (const c of alter.cmds ?? []) {
        const cmd = nodeAs<AlterTableCmd>(c, 'AlterTableCmd');
        if (!cmd) continue;
        if (COLUMN_SUBCOMMANDS.has(cmd.subtype ?? '') && cmd.name && !(cmd.subtype === 'AT_DropColumn' && cmd.missing_ok)) {
          columns.push({ relation: table, column: cmd.name, location: undefined });
        }
        if (cmd.subtype === 'AT_AddConstraint') constraintColumns(table, nodeAs<Constraint>(cmd.def, 'Constraint'), columns);
        if (cmd.subtype === 'AT_AddColumn') {
          const def = nodeAs<ColumnDef>(cmd.def, 'ColumnDef');
          for (const x of def?.constraints ?? []) {
            const c = nodeAs<Constraint>(x, 'Constraint');
            if (c?.contype === 'CONSTR_FOREIGN') constraintColumns(table, { ...c, fk_attrs: [] }, columns);
          }
        }
      }
      break;
    }
    case 'IndexStmt': {
      const index = body as IndexStmt;
      const table = rangeVarName(index.relation);
      if (!table) break;
      for (const p of [...(index.indexParams ?? []), ...(index.indexIncludingParams ?? [])]) {
        const elem = nodeAs<IndexElem>(p, 'IndexElem');
        if (elem?.name) columns.push({ relation: table, column: elem.name, location: undefined });
        if (elem?.expr) {
          const refs: { fields: string[]; location: number | undefined }[] = [];
          columnRefs(elem.expr, refs);
          for (const r of refs) if (r.fields.length === 1) columns.push({ relation: table, column: r.fields[0] as string, location: r.location });
        }
      }
      break;
    }
    case 'InsertStmt': {
      const insert = body as InsertStmt;
      const table = rangeVarName(insert.relation);
      if (!table) break;
      for (const c of insert.cols ?? []) {
        const col = nodeAs<{ name?: string; location?: number }>(c, 'ResTarget');
        if (col?.name) columns.push({ relation: table, column: col.name, location: col.location });
      }
      const select = nodeAs<SelectStmt>(insert.selectStmt, 'SelectStmt');
      const single = singleTable(select?.fromClause);
      if (select && single && !select.withClause) simpleColumns(single.rv, single.alias, [select.targetList, select.whereClause], columns);
      break;
    }
    case 'UpdateStmt': {
      const update = body as UpdateStmt;
      const table = rangeVarName(update.relation);
      if (!table || (update.fromClause?.length ?? 0) > 0) break;
      for (const t of update.targetList ?? []) {
        const col = nodeAs<{ name?: string; location?: number; val?: unknown }>(t, 'ResTarget');
        if (col?.name) columns.push({ relation: table, column: col.name, location: col.location });
      }
      if (update.relation) simpleColumns(update.relation, (update.relation.alias as { aliasname?: string } | undefined)?.aliasname, [update.targetList?.map((t) => nodeAs<{ val?: unknown }>(t, 'ResTarget')?.val), update.whereClause], columns);
      break;
    }
    case 'DeleteStmt': {
      const del = body as DeleteStmt;
      if (del.relation && (del.usingClause?.length ?? 0) === 0) simpleColumns(del.relation, (del.relation.alias as { aliasname?: string } | undefined)?.aliasname, [del.whereClause], columns);
      break;
    }
    case 'SelectStmt': {
      const select = body as SelectStmt;
      const single = singleTable(select.fromClause);
      if (single && !select.withClause && (!select.op || select.op === 'SETOP_NONE')) {
        simpleColumns(single.rv, single.alias, [select.targetList, select.whereClause], columns);
      }
      break;
    }
    case 'RenameStmt': {
      const rename = body as RenameStmt;
      const table = rangeVarName(rename.relation);
      if (table && !rename.missing_ok && rename.renameType === 'OBJECT_COLUMN' && rename.subname) columns.push({ relation: table, column: rename.subname, location: undefined });
      break;
    }
    case 'CommentStmt': {
      const comment = body as CommentStmt;
      const parts = stringList(nodeAs<{ items?: unknown[] }>(comment.object, 'List')?.items);
      if (comment.objtype === 'OBJECT_COLUMN' && parts.length >= 2) {
        const table = listName(parts.slice(0, -1));
        if (table) columns.push({ relation: table, column: parts[parts.length - 1] as string, location: undefined });
      } else if (['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_INDEX', 'OBJECT_SEQUENCE'].includes(comment.objtype ?? '')) {
        const name = listName(parts);
        if (name) relations.push({ name, location: undefined, role: 'relation' });
      }
      break;
    }
    case 'CreateTrigStmt': {
      const trigger = body as CreateTrigStmt;
      const name = listName(stringList(trigger.funcname));
      if (name) functions.push({ name, argCount: null, location: undefined });
      break;
    }
    default:
      break;
  }

  if (type === 'CreateStmt' || type === 'CreateForeignTableStmt' || type === 'AlterTableStmt' || type === 'CompositeTypeStmt') {
    typeNames(body, types);
    if (type === 'CreateStmt') {
      for (const element of (body as { tableElts?: unknown[] }).tableElts ?? []) {
        const c = nodeAs<Constraint>(element, 'Constraint');
        if (c?.contype === 'CONSTR_FOREIGN') {
          const referenced = rangeVarName(c.pktable as RangeVar | undefined);
          if (referenced) for (const col of stringList(c.pk_attrs)) columns.push({ relation: referenced, column: col, location: c.location });
        }
        const def = nodeAs<ColumnDef>(element, 'ColumnDef');
        for (const x of def?.constraints ?? []) {
          const fk = nodeAs<Constraint>(x, 'Constraint');
          const referenced = fk?.contype === 'CONSTR_FOREIGN' ? rangeVarName(fk.pktable as RangeVar | undefined) : undefined;
          if (referenced) for (const col of stringList(fk?.pk_attrs)) columns.push({ relation: referenced, column: col, location: fk?.location });
        }
      }
    }
  }
  if (type !== 'CreateFunctionStmt' && type !== 'DoStmt') functionCallsAll(body, functions);
  return { relations, columns, types, functions };
}

/** Sequences named as literals in nextval/setval/currval calls. */
export function sequenceLiterals(calls: readonly FunctionCall[]): { name: QualifiedName; location: number | undefined }[] {
  const out: { name: QualifiedName; location: number | undefined }[] = [];
  for (const call of calls) {
    if (call.name !== 'nextval' && call.name !== 'setval' && call.name !== 'currval') continue;
    const arg = literalArgument(call, 0);
    const name = typeof arg === 'string' ? parseObjectName(arg) : undefined;
    if (name) out.push({ name, location: call.location });
  }
  return out;
}
