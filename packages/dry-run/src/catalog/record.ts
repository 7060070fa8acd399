// Keeps the catalog overlay in step with the run: what a statement creates, drops, renames or
// changes becomes visible to the statements after it, as it will be inside the transaction.
import type {
  AlterObjectSchemaStmt,
  AlterTableCmd,
  AlterTableStmt,
  ColumnDef,
  Constraint,
  CreateFunctionStmt,
  CreateSeqStmt,
  CreateStmt,
  CreateTableAsStmt,
  DropStmt,
  IndexStmt,
  PartitionCmd,
  RangeVar,
  RenameStmt,
  TypeName,
  VariableSetStmt,
  ViewStmt,
} from 'libpg-query';
import { listName, nodeAs, nodeBody, nodeType, rangeVarName, stringList, stringValue, typeRef, type QualifiedName, type TypeRef } from '../parse/ast.js';
import type { ClassifiedStatement } from '../types.js';
import { canonicalTypeName } from '../locks/type-change.js';
import { newEntry, runEntry, type Catalog } from './catalog.js';
import type { CatalogColumn, CatalogConstraint, CatalogEntry, ConstraintType } from './types.js';

const SERIAL = new Set(['serial', 'bigserial', 'smallserial', 'serial2', 'serial4', 'serial8']);

function keyOf(catalog: Catalog, name: QualifiedName): { key: string; schema: string; name: string } {
  const schema = name.schema ?? catalog.creationSchema;
  return { key: `${schema}.${name.name}`, schema, name: name.name };
}

function columnType(ref: TypeRef | undefined): Pick<CatalogColumn, 'type' | 'typeName' | 'typeSchema' | 'typmod'> {
  if (!ref) return { type: '', typeName: '', typeSchema: 'pg_catalog', typmod: -1 };
  const typeName = canonicalTypeName(ref.name);
  let typmod = -1;
  if (ref.modifiers.length > 0) {
    if (typeName === 'varchar' || typeName === 'bpchar') typmod = (ref.modifiers[0] ?? 0) + 4;
    else if (typeName === 'numeric') typmod = (((ref.modifiers[0] ?? 0) << 16) | (ref.modifiers[1] ?? 0)) + 4;
    else typmod = ref.modifiers[0] ?? -1;
  }
  return {
    type: ref.modifiers.length === 0 && !ref.array ? typeName : `${typeName}${ref.modifiers.length ? `(${ref.modifiers.join(',')})` : ''}${ref.array ? '[]' : ''}`,
    typeName: ref.array ? `_${typeName}` : typeName,
    typeSchema: ref.schema ?? 'pg_catalog',
    typmod,
  };
}

// A serial type or an identity constraint: the column gets a sequence of its own.
function createsSequence(def: ColumnDef): boolean {
  const names = (def.typeName as TypeName | undefined)?.names;
  if (names?.length === 1 && SERIAL.has(stringValue(names[0]) ?? '')) return true;
  for (const x of def.constraints ?? []) if (nodeAs<Constraint>(x, 'Constraint')?.contype === 'CONSTR_IDENTITY') return true;
  return false;
}

function columnFromDef(def: ColumnDef, table: { schema: string; name: string }, created: CatalogEntry[]): CatalogColumn {
  const ref = typeRef(def.typeName as TypeName | undefined);
  const serial = ref !== undefined && ref.schema === null && SERIAL.has(ref.name);
  let identity: Constraint | undefined;
  let generated: Constraint | undefined;
  let notNull = serial;
  let hasDefault = serial;
  for (const x of def.constraints ?? []) {
    const c = nodeAs<Constraint>(x, 'Constraint');
    if (!c) continue;
    if (c.contype === 'CONSTR_IDENTITY') identity = c;
    else if (c.contype === 'CONSTR_GENERATED') generated = c;
    else if (c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY') notNull = true;
    else if (c.contype === 'CONSTR_DEFAULT') hasDefault = true;
  }
  let sequence: string | null = null;
  if (serial || identity) {
    const seqName = `${table.name}_${def.colname ?? ''}_seq`;
    sequence = `${table.schema}.${seqName}`;
    created.push(runEntry(table.schema, seqName, 'S', undefined, null, { table: `${table.schema}.${table.name}`, column: def.colname ?? '' }));
  }
  const t = columnType(ref);
  return {
    name: def.colname ?? '',
    type: t.type,
    typeName: t.typeName,
    typeSchema: t.typeSchema,
    typmod: t.typmod,
    notNull: notNull || identity !== undefined,
    default: hasDefault ? 'default' : null,
    identity: identity ? (identity.generated_when === 'a' ? 'always' : 'by default') : null,
    generated: generated ? (generated.generated_kind === 'v' ? 'virtual' : 'stored') : null,
    sequence,
  };
}

const CONSTRAINT_TYPES: Partial<Record<string, ConstraintType>> = {
  CONSTR_PRIMARY: 'p',
  CONSTR_UNIQUE: 'u',
  CONSTR_FOREIGN: 'f',
  CONSTR_CHECK: 'c',
  CONSTR_EXCLUSION: 'x',
};

const NAME_SUFFIX: Readonly<Record<ConstraintType, string>> = { p: 'pkey', u: 'key', f: 'fkey', c: 'check', x: 'excl', n: 'not_null', t: 'trigger' };

// The name PostgreSQL gives a constraint without one: table, columns (not for a primary key), suffix.
function defaultName(table: string, type: ConstraintType, columns: readonly string[]): string {
  let name = table.slice(table.indexOf('.') + 1);
  if (type !== 'p') for (const column of columns) name += `_${column}`;
  return `${name}_${NAME_SUFFIX[type]}`;
}

const NO_NAMES: readonly string[] = Object.freeze([]);

// Column names an expression reads (unqualified or qualified column references), in order.
function columnsRead(expression: unknown): readonly string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    for (const key in node as object) {
      const child = (node as Record<string, unknown>)[key];
      if (key === 'ColumnRef') {
        const fields = (child as { fields?: unknown[] }).fields ?? [];
        const name = stringValue(fields[fields.length - 1]);
        if (name !== undefined && !out.includes(name)) out.push(name);
      } else walk(child);
    }
  };
  walk(expression);
  return out.length === 0 ? NO_NAMES : out;
}

function constraintFrom(catalog: Catalog, table: string, c: Constraint, column: string | null, newTable = false): CatalogConstraint | undefined {
  const type = CONSTRAINT_TYPES[c.contype ?? ''];
  if (!type) return undefined;
  const listed = c.contype === 'CONSTR_FOREIGN' ? c.fk_attrs : c.keys;
  // A table CHECK lists no keys: its columns are those its expression reads (as conkey does).
  const cols = listed && listed.length > 0 ? stringList(listed) : column ? [column] : type === 'c' ? columnsRead(c.raw_expr) : NO_NAMES;
  const pktable = c.pktable as RangeVar | undefined;
  const referenced = pktable?.relname ? catalog.resolveName(pktable.schemaname ?? null, pktable.relname).key : null;
  const constraint: CatalogConstraint = {
    table,
    name: c.conname ?? defaultName(table, type, cols),
    type,
    columns: cols,
    // NOT VALID has no effect in CREATE TABLE: there is nothing to check yet.
    validated: newTable || !c.skip_validation,
    // The clause text would need the lexer; the parse tree of a CHECK is kept instead.
    definition: '',
    expression: c.raw_expr,
    referencedTable: referenced,
    referencedColumns: c.pk_attrs ? stringList(c.pk_attrs) : NO_NAMES,
    onDelete: c.fk_del_action ?? null,
    onUpdate: c.fk_upd_action ?? null,
    index: null,
    createdInRun: true,
  };
  return constraint;
}

function createTable(catalog: Catalog, statement: ClassifiedStatement, body: CreateStmt, kind?: string): void {
  const name = rangeVarName(body.relation);
  if (!name) return;
  const target = keyOf(catalog, name);
  if (body.if_not_exists && catalog.relation(target.key)) return;
  const created: CatalogEntry[] = [];
  const columns: CatalogColumn[] = [];
  const constraints: CatalogConstraint[] = [];
  for (const element of body.tableElts ?? []) {
    const def = nodeAs<ColumnDef>(element, 'ColumnDef');
    if (def) {
      columns.push(columnFromDef(def, target, created));
      for (const c of def.constraints ?? []) {
        const constraint = nodeAs<Constraint>(c, 'Constraint');
        const recorded = constraint && constraintFrom(catalog, target.key, constraint, def.colname ?? null, true);
        if (recorded) constraints.push(recorded);
      }
      continue;
    }
    const constraint = nodeAs<Constraint>(element, 'Constraint');
    const recorded = constraint && constraintFrom(catalog, target.key, constraint, null, true);
    if (recorded) constraints.push(recorded);
    const like = nodeAs<{ relation?: RangeVar }>(element, 'TableLikeClause');
    const source = like ? catalog.resolve(rangeVarName(like.relation) ?? { schema: null, name: '' }).entry : undefined;
    if (source) columns.push(...source.columns.map((c) => ({ ...c, sequence: null })));
  }
  const parents = (body.inhRelations ?? []).map((p) => catalog.resolve(rangeVarName(nodeAs<RangeVar>(p, 'RangeVar')) ?? { schema: null, name: '' }).key);
  if (body.partbound && parents[0]) {
    const parent = catalog.relation(parents[0]);
    if (parent && columns.length === 0) columns.push(...parent.columns);
  }
  const partitionKey = stringList(
    (body.partspec?.partParams ?? []).map((p) => {
      const elem = nodeAs<{ name?: string }>(p, 'PartitionElem');
      return elem?.name ? { String: { sval: elem.name } } : undefined;
    }),
  );
  catalog.putRelation(
    newEntry(target.schema, target.name, kind ?? (body.partspec ? 'p' : 'r'), {
      columns,
      parents,
      isPartition: body.partbound !== undefined,
      partitionKey,
      persistence: body.relation?.relpersistence ?? 'p',
    }),
  );
  if (body.partbound && parents[0]) {
    const parent = catalog.relation(parents[0]);
    if (parent && (body.partbound as { is_default?: boolean }).is_default) catalog.putRelation({ ...parent, defaultPartition: target.key });
  }
  for (const e of created) catalog.putRelation(e);
  catalog.putConstraints(target.key, constraints);
}

const DROPPED_RELATIONS = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SEQUENCE', 'OBJECT_FOREIGN_TABLE', 'OBJECT_INDEX']);

function dropObjects(catalog: Catalog, body: DropStmt): void {
  for (const object of body.objects ?? []) {
    if (DROPPED_RELATIONS.has(body.removeType ?? '')) {
      const parts = stringList(nodeAs<{ items?: unknown[] }>(object, 'List')?.items ?? [object]);
      const name = listName(parts);
      if (!name) continue;
      const resolved = catalog.resolve(name);
      if (resolved.entry) catalog.dropRelation(resolved.key);
    } else if (body.removeType === 'OBJECT_SCHEMA') {
      const schema = stringValue(object);
      if (!schema) continue;
      catalog.putSchema(schema, false);
      for (const r of catalog.snapshot.relations) if (r.schema === schema) catalog.dropRelation(`${r.schema}.${r.name}`);
    }
  }
}

function updateEntry(catalog: Catalog, key: string, change: (entry: CatalogEntry) => CatalogEntry): void {
  const entry = catalog.relation(key);
  // The key at hand: building `schema.name` again would make a new string to hash.
  if (entry) catalog.putRelation(change(entry), key);
}

function alterTable(catalog: Catalog, statement: ClassifiedStatement, body: AlterTableStmt): void {
  const name = rangeVarName(body.relation);
  if (!name) return;
  const table = catalog.resolve(name);
  // Without a database catalog an unknown table is assumed to exist: its constraints are still
  // followed (a CHECK validated earlier proves a later SET NOT NULL).
  if (!table.entry && catalog.live) return;
  const key = table.key;
  for (const c of body.cmds ?? []) {
    const cmd = nodeAs<AlterTableCmd>(c, 'AlterTableCmd');
    if (!cmd) continue;
    switch (cmd.subtype) {
      case 'AT_AddColumn': {
        const def = nodeAs<ColumnDef>(cmd.def, 'ColumnDef');
        if (!def) break;
        // Without a database catalog the table may be unknown: only the sequence a serial or
        // identity column creates, and its constraints, are worth recording then.
        if (table.entry || createsSequence(def)) {
          const created: CatalogEntry[] = [];
          const column = columnFromDef(def, { schema: table.schema, name: table.name }, created);
          updateEntry(catalog, key, (e) => ({ ...e, columns: [...e.columns, column] }));
          for (const e of created) catalog.putRelation(e);
        }
        let added: CatalogConstraint[] | undefined;
        for (const x of def.constraints ?? []) {
          const constraint = nodeAs<Constraint>(x, 'Constraint');
          const recorded = constraint && constraintFrom(catalog, key, constraint, def.colname ?? null);
          if (recorded) (added ??= []).push(recorded);
        }
        if (added) catalog.addConstraints(key, added);
        break;
      }
      case 'AT_DropColumn':
        updateEntry(catalog, key, (e) => ({ ...e, columns: e.columns.filter((col) => col.name !== cmd.name) }));
        catalog.putConstraints(
          key,
          catalog.constraintsOf(key).filter((x) => !x.columns.includes(cmd.name ?? '')),
        );
        break;
      case 'AT_AlterColumnType': {
        const ref = typeRef(nodeAs<ColumnDef>(cmd.def, 'ColumnDef')?.typeName as TypeName | undefined);
        if (!ref) break;
        const replacement = columnType(ref);
        updateEntry(catalog, key, (e) => ({
          ...e,
          columns: e.columns.map((col) => (col.name === cmd.name ? { ...col, type: replacement.type, typeName: replacement.typeName, typeSchema: replacement.typeSchema, typmod: replacement.typmod } : col)),
        }));
        break;
      }
      case 'AT_SetNotNull':
      case 'AT_DropNotNull':
        updateEntry(catalog, key, (e) => ({ ...e, columns: e.columns.map((col) => (col.name === cmd.name ? { ...col, notNull: cmd.subtype === 'AT_SetNotNull' } : col)) }));
        break;
      case 'AT_AddConstraint': {
        const constraint = nodeAs<Constraint>(cmd.def, 'Constraint');
        const recorded = constraint && constraintFrom(catalog, key, constraint, null);
        if (recorded) catalog.addConstraints(key, [recorded]);
        break;
      }
      case 'AT_ValidateConstraint':
        catalog.putConstraints(
          key,
          catalog.constraintsOf(key).map((x) => (x.name === cmd.name ? { ...x, validated: true } : x)),
        );
        break;
      case 'AT_DropConstraint':
        catalog.putConstraints(
          key,
          catalog.constraintsOf(key).filter((x) => x.name !== cmd.name),
        );
        break;
      case 'AT_SetLogged':
      case 'AT_SetUnLogged':
        updateEntry(catalog, key, (e) => ({ ...e, persistence: cmd.subtype === 'AT_SetLogged' ? 'p' : 'u' }));
        break;
      case 'AT_SetTableSpace':
        updateEntry(catalog, key, (e) => ({ ...e, tablespace: cmd.name === 'pg_default' ? null : (cmd.name ?? null) }));
        break;
      case 'AT_AttachPartition': {
        const partition = catalog.resolve(rangeVarName(nodeAs<PartitionCmd>(cmd.def, 'PartitionCmd')?.name) ?? { schema: null, name: '' });
        updateEntry(catalog, partition.key, (e) => ({ ...e, parents: [key], isPartition: true }));
        break;
      }
      case 'AT_DetachPartition': {
        const partition = catalog.resolve(rangeVarName(nodeAs<PartitionCmd>(cmd.def, 'PartitionCmd')?.name) ?? { schema: null, name: '' });
        updateEntry(catalog, partition.key, (e) => ({ ...e, parents: e.parents.filter((p) => p !== key), isPartition: false }));
        break;
      }
      default:
        break;
    }
  }
}

function rename(catalog: Catalog, body: RenameStmt): void {
  const name = rangeVarName(body.relation);
  if (!name || !body.newname) return;
  const relation = catalog.resolve(name);
  if (!relation.entry) return;
  switch (body.renameType) {
    case 'OBJECT_TABLE':
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
    case 'OBJECT_SEQUENCE':
    case 'OBJECT_FOREIGN_TABLE':
    case 'OBJECT_INDEX':
      catalog.moveRelation(relation.key, relation.schema, body.newname);
      break;
    case 'OBJECT_COLUMN':
      updateEntry(catalog, relation.key, (e) => ({ ...e, columns: e.columns.map((c) => (c.name === body.subname ? { ...c, name: body.newname ?? c.name } : c)) }));
      catalog.putConstraints(
        relation.key,
        catalog.constraintsOf(relation.key).map((c) => ({ ...c, columns: c.columns.map((x) => (x === body.subname ? (body.newname ?? x) : x)) })),
      );
      break;
    case 'OBJECT_TABCONSTRAINT':
      catalog.putConstraints(
        relation.key,
        catalog.constraintsOf(relation.key).map((c) => (c.name === body.subname ? { ...c, name: body.newname ?? c.name } : c)),
      );
      break;
    default:
      break;
  }
}

function searchPath(catalog: Catalog, body: VariableSetStmt): void {
  if (body.kind === 'VAR_RESET_ALL' || (body.name === 'search_path' && (body.kind === 'VAR_RESET' || body.kind === 'VAR_SET_DEFAULT'))) {
    catalog.resetSearchPath();
    return;
  }
  if (body.name !== 'search_path' || body.kind !== 'VAR_SET_VALUE') return;
  const schemas: string[] = [];
  for (const a of body.args ?? []) {
    const c = nodeAs<{ sval?: { sval?: string } }>(a, 'A_Const');
    if (c?.sval?.sval !== undefined) schemas.push(c.sval.sval);
  }
  catalog.setSearchPath(schemas);
}

/**
 * Records what a statement creates, drops or changes into the catalog's run overlay. Called by
 * `analyzeStatement` after it analyzed the statement (`body`: the statement's node, when at hand).
 */
export function recordStatement(catalog: Catalog, statement: ClassifiedStatement, body?: Record<string, unknown>): void {
  if (statement.classification.action === 'refuse') return;
  recordNode(catalog, statement, statement.nodeType, body ?? nodeBody(statement.ast) ?? {});
}

function recordNode(catalog: Catalog, statement: ClassifiedStatement, type: string, body: Record<string, unknown>): void {
  switch (type) {
    case 'CreateStmt':
      createTable(catalog, statement, body as CreateStmt);
      return;
    case 'CreateForeignTableStmt': {
      const base = (body as { base?: CreateStmt }).base;
      if (base) createTable(catalog, statement, base, 'f');
      return;
    }
    case 'CreateTableAsStmt': {
      const b = body as CreateTableAsStmt;
      const name = rangeVarName(b.into?.rel);
      if (!name) return;
      const target = keyOf(catalog, name);
      catalog.putRelation(newEntry(target.schema, target.name, b.objtype === 'OBJECT_MATVIEW' ? 'm' : 'r'));
      return;
    }
    case 'SelectStmt': {
      const into = (body as { intoClause?: { rel?: RangeVar } }).intoClause;
      const name = rangeVarName(into?.rel);
      if (name) {
        const target = keyOf(catalog, name);
        catalog.putRelation(newEntry(target.schema, target.name, 'r'));
      }
      return;
    }
    case 'ViewStmt': {
      const name = rangeVarName((body as ViewStmt).view);
      if (!name) return;
      const target = keyOf(catalog, name);
      if (!catalog.relation(target.key)) catalog.putRelation(newEntry(target.schema, target.name, 'v'));
      return;
    }
    case 'IndexStmt': {
      const b = body as IndexStmt;
      const table = catalog.resolveName(b.relation?.schemaname ?? null, b.relation?.relname ?? '');
      const columns: (string | null)[] = [];
      for (const p of b.indexParams ?? []) columns.push(nodeAs<{ name?: string }>(p, 'IndexElem')?.name ?? null);
      let indexName = b.idxname;
      if (indexName === undefined) {
        // PostgreSQL's default: table, key columns (expr for an expression), then _key or _idx.
        let parts = '';
        for (let i = 0; i < columns.length; i++) parts += `${i === 0 ? '' : '_'}${columns[i] ?? 'expr'}`;
        indexName = `${table.name}_${parts}_${b.unique ? 'key' : 'idx'}`;
      }
      const key = `${table.schema}.${indexName}`;
      if (b.if_not_exists && catalog.relation(key)) return;
      catalog.putRelation(
        runEntry(table.schema, indexName, table.entry?.kind === 'p' ? 'I' : 'i', table.key, {
          definition: statement.sql,
          valid: true,
          unique: b.unique === true,
          primary: b.primary === true,
          columns,
        }, null),
        key,
      );
      return;
    }
    case 'CreateSeqStmt': {
      const name = rangeVarName((body as CreateSeqStmt).sequence);
      if (!name) return;
      const target = keyOf(catalog, name);
      catalog.putRelation(newEntry(target.schema, target.name, 'S'));
      return;
    }
    case 'DropStmt':
      dropObjects(catalog, body as DropStmt);
      return;
    case 'AlterTableStmt':
      alterTable(catalog, statement, body as AlterTableStmt);
      return;
    case 'RenameStmt':
      rename(catalog, body as RenameStmt);
      return;
    case 'AlterObjectSchemaStmt': {
      const b = body as AlterObjectSchemaStmt;
      const name = rangeVarName(b.relation);
      if (!name || !b.newschema) return;
      const relation = catalog.resolve(name);
      if (relation.entry) catalog.moveRelation(relation.key, b.newschema, relation.name);
      return;
    }
    case 'CreateSchemaStmt': {
      const b = body as { schemaname?: string; schemaElts?: unknown[] };
      if (b.schemaname) catalog.putSchema(b.schemaname, true);
      for (const element of b.schemaElts ?? []) {
        const t = nodeType(element);
        if (t) recordNode(catalog, statement, t, nodeBody(element) ?? {});
      }
      return;
    }
    case 'CreateFunctionStmt': {
      const b = body as CreateFunctionStmt;
      const parts = stringList(b.funcname);
      const name = listName(parts);
      if (!name) return;
      let language = 'sql';
      for (const o of b.options ?? []) {
        const d = nodeAs<{ defname?: string; arg?: unknown }>(o, 'DefElem');
        if (d?.defname === 'language') language = stringValue(d.arg) ?? language;
      }
      const args = (b.parameters ?? []).filter((p) => {
        const mode = nodeAs<{ mode?: string }>(p, 'FunctionParameter')?.mode;
        return mode !== 'FUNC_PARAM_OUT' && mode !== 'FUNC_PARAM_TABLE';
      });
      const defaults = args.filter((p) => nodeAs<{ defexpr?: unknown }>(p, 'FunctionParameter')?.defexpr !== undefined).length;
      catalog.putFunction({
        schema: name.schema ?? catalog.creationSchema,
        name: name.name,
        kind: b.is_procedure ? 'p' : 'f',
        argCount: args.length,
        defaultCount: defaults,
        variadic: args.some((p) => nodeAs<{ mode?: string }>(p, 'FunctionParameter')?.mode === 'FUNC_PARAM_VARIADIC'),
        volatility: 'v',
        language,
        transactionControl: null,
        createdInRun: true,
      });
      return;
    }
    case 'CreateEnumStmt':
    case 'CompositeTypeStmt':
    case 'CreateRangeStmt':
    case 'CreateDomainStmt': {
      const parts =
        type === 'CompositeTypeStmt'
          ? [rangeVarName((body as { typevar?: RangeVar }).typevar)?.schema, rangeVarName((body as { typevar?: RangeVar }).typevar)?.name].filter((x): x is string => typeof x === 'string')
          : stringList((body as { typeName?: unknown[]; domainname?: unknown[] }).typeName ?? (body as { domainname?: unknown[] }).domainname);
      const name = listName(parts);
      if (!name) return;
      const kinds: Record<string, string> = { CreateEnumStmt: 'e', CompositeTypeStmt: 'c', CreateRangeStmt: 'r', CreateDomainStmt: 'd' };
      catalog.putType({ schema: name.schema ?? catalog.creationSchema, name: name.name, kind: kinds[type] ?? 'b', createdInRun: true });
      return;
    }
    case 'DefineStmt': {
      const b = body as { kind?: string; defnames?: unknown[] };
      if (b.kind !== 'OBJECT_TYPE') return;
      const name = listName(stringList(b.defnames));
      if (name) catalog.putType({ schema: name.schema ?? catalog.creationSchema, name: name.name, kind: 'b', createdInRun: true });
      return;
    }
    case 'CreateExtensionStmt':
      catalog.noteExtensionCreated();
      return;
    case 'VariableSetStmt':
      searchPath(catalog, body as VariableSetStmt);
      return;
    default:
      return;
  }
}
