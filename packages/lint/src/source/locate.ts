import type {
  ColumnInfo,
  ConstraintInfo,
  ConstraintType,
  FunctionInfo,
  IndexInfo,
  InlineSuppression,
  ObjectLocation,
  SchemaSnapshot,
  TableInfo,
  ViewInfo,
} from '../types.js';
import { loadSqlParser, parseSqlFile, type ParsedSqlFile, type ParsedStatement } from './parse-sql-file.js';
import { findSuppressions } from './suppressions.js';

type Node = Record<string, any>;

/** What the statements of the files create, keyed for matching against the catalog. */
interface Found {
  /** qualified table/view name -> location of its CREATE. */
  readonly relations: Map<string, ObjectLocation>;
  /** `table.column` -> location of the column definition. */
  readonly columns: Map<string, ObjectLocation>;
  /** `table|name` for named constraints, `table|type|col,col` for unnamed ones. */
  readonly constraints: Map<string, ObjectLocation>;
  /** `schema.index` for named indexes, `table|col,col` for unnamed ones. */
  readonly indexes: Map<string, ObjectLocation>;
  /** `schema.name/argc` and `schema.name` -> location. */
  readonly functions: Map<string, ObjectLocation>;
  /** COMMENT ON statements: `<kind>:<object>` -> location (functions as `function:schema.name/argc`). */
  readonly comments: Map<string, ObjectLocation>;
}

const COMMENT_KINDS: Record<string, string> = {
  OBJECT_TABLE: 'table',
  OBJECT_FOREIGN_TABLE: 'table',
  OBJECT_VIEW: 'view',
  OBJECT_MATVIEW: 'materialized-view',
  OBJECT_INDEX: 'index',
  OBJECT_SEQUENCE: 'sequence',
  OBJECT_COLUMN: 'column',
  OBJECT_TABCONSTRAINT: 'constraint',
  OBJECT_FUNCTION: 'function',
  OBJECT_PROCEDURE: 'function',
  OBJECT_SCHEMA: 'schema',
};

/** `schema.name(a, b)` -> `schema.name/2`. */
function functionKey(signature: string): string {
  const open = signature.indexOf('(');
  const args = signature.slice(open + 1, -1).trim();
  return `${signature.slice(0, open)}/${args === '' ? 0 : args.split(',').length}`;
}

const CONSTR_TYPES: Record<string, ConstraintType> = {
  CONSTR_PRIMARY: 'primary-key',
  CONSTR_UNIQUE: 'unique',
  CONSTR_FOREIGN: 'foreign-key',
  CONSTR_CHECK: 'check',
  CONSTR_EXCLUSION: 'exclusion',
};

const strings = (list: unknown): string[] =>
  Array.isArray(list) ? list.map((item: Node) => item?.String?.sval).filter((s): s is string => typeof s === 'string') : [];

function setOnce<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (!map.has(key)) map.set(key, value);
}

/**
 * Gives the snapshot's objects the file:line of the statement that created them, and reads the
 * inline suppressions of the files. The first file that creates an object wins (schema files are
 * listed before migrations). Unqualified names resolve through the file's `SET search_path`
 * (default `public`), then to the only table of that name.
 */
export async function locateObjects(snapshot: SchemaSnapshot): Promise<SchemaSnapshot> {
  await loadSqlParser();
  const found: Found = { relations: new Map(), columns: new Map(), constraints: new Map(), indexes: new Map(), functions: new Map(), comments: new Map() };
  const suppressions: InlineSuppression[] = [];
  const sourceErrors: Array<{ file: string; message: string }> = [];

  const relationsByName = new Map<string, string[]>();
  for (const r of [...snapshot.tables, ...snapshot.views]) {
    const list = relationsByName.get(r.name) ?? [];
    list.push(r.schema);
    relationsByName.set(r.name, list);
  }

  for (const file of snapshot.files) {
    const parsed = parseSqlFile(file.path, file.text);
    for (const message of parsed.errors) sourceErrors.push({ file: file.path, message });
    suppressions.push(...findSuppressions(parsed));
    collect(parsed, found, relationsByName);
  }

  const at = (map: Map<string, ObjectLocation>, ...keys: string[]): ObjectLocation | null => {
    for (const key of keys) {
      const hit = map.get(key);
      if (hit) return hit;
    }
    return null;
  };

  const tables: TableInfo[] = snapshot.tables.map((t) => ({
    ...t,
    location: at(found.relations, t.qualifiedName),
    columns: t.columns.map((c): ColumnInfo => ({ ...c, location: at(found.columns, `${t.qualifiedName}.${c.name}`) })),
  }));
  const constraints: ConstraintInfo[] = snapshot.constraints.map((c) => {
    if (c.inherited) return c;
    const cols = c.columns.join(',');
    const location =
      at(found.constraints, `${c.table}|${c.name}`, `${c.table}|${c.type}|${cols}`) ??
      (c.type === 'primary-key' ? at(found.constraints, `${c.table}|primary-key|*`) : null) ??
      (c.type === 'check' ? at(found.constraints, `${c.table}|check|${[...c.columns].sort().join(',')}`) : null);
    return { ...c, location };
  });
  const constraintLocation = new Map(constraints.map((c) => [`${c.table}|${c.name}`, c.location]));
  const indexes: IndexInfo[] = snapshot.indexes.map((i) => {
    const keys = i.keys.map((k) => k.column ?? '(expr)').join(',');
    const location =
      at(found.indexes, `${i.schema}.${i.name}`) ??
      (i.constraint ? (constraintLocation.get(`${i.table}|${i.constraint}`) ?? null) : null) ??
      (i.parentIndex === null ? at(found.indexes, `${i.table}|${keys}`) : null);
    return { ...i, location };
  });
  const views: ViewInfo[] = snapshot.views.map((v) => ({ ...v, location: at(found.relations, v.qualifiedName) }));
  const functions: FunctionInfo[] = snapshot.functions.map((f) => ({ ...f, location: at(found.functions, functionKey(f.signature), `${f.schema}.${f.name}`) }));
  const comments = snapshot.comments.map((c) => ({
    ...c,
    location: at(found.comments, c.objectKind === 'function' ? `function:${functionKey(c.object)}` : `${c.objectKind}:${c.object}`),
  }));

  return { ...snapshot, tables, constraints, indexes, views, functions, comments, suppressions, sourceErrors };
}

function collect(file: ParsedSqlFile, found: Found, relationsByName: Map<string, string[]>): void {
  let searchPath = ['public'];
  const loc = (line: number, column: number): ObjectLocation => ({ file: file.path, line, column });
  const byteLoc = (statement: ParsedStatement, offset: unknown): ObjectLocation => {
    if (typeof offset !== 'number' || offset < 0) return loc(statement.line, statement.column);
    const p = file.lines.position(offset);
    return loc(p.line, p.column);
  };
  const qualify = (rangeVar: Node | undefined): string | null => {
    if (!rangeVar?.relname) return null;
    if (rangeVar.schemaname) return `${rangeVar.schemaname}.${rangeVar.relname}`;
    const schemas = relationsByName.get(rangeVar.relname) ?? [];
    const schema = searchPath.find((s) => schemas.includes(s)) ?? (schemas.length === 1 ? schemas[0] : undefined);
    return schema === undefined ? null : `${schema}.${rangeVar.relname}`;
  };

  const addConstraint = (statement: ParsedStatement, table: string, c: Node, column: string | null): void => {
    const type = CONSTR_TYPES[String(c.contype)];
    if (!type) return;
    const where = byteLoc(statement, c.location);
    if (c.conname) setOnce(found.constraints, `${table}|${c.conname}`, where);
    const columns = column !== null ? [column] : strings(type === 'foreign-key' ? c.fk_attrs : c.keys);
    if (type === 'primary-key') setOnce(found.constraints, `${table}|primary-key|*`, where);
    if (type === 'check') {
      const refs = column !== null ? [column] : [...new Set(columnRefs(c.raw_expr))].sort();
      setOnce(found.constraints, `${table}|check|${refs.join(',')}`, where);
    } else {
      setOnce(found.constraints, `${table}|${type}|${columns.join(',')}`, where);
    }
  };

  const addColumn = (statement: ParsedStatement, table: string, def: Node): void => {
    if (!def.colname) return;
    setOnce(found.columns, `${table}.${def.colname}`, byteLoc(statement, def.location));
    for (const item of def.constraints ?? []) if (item.Constraint) addConstraint(statement, table, item.Constraint, def.colname);
  };

  for (const statement of file.statements) {
    const node = statement.node;
    const here = loc(statement.line, statement.column);
    switch (statement.type) {
      case 'VariableSetStmt':
        if (node.name === 'search_path' && Array.isArray(node.args)) {
          const path = node.args.map((a: Node) => a?.A_Const?.sval?.sval).filter((s: unknown): s is string => typeof s === 'string');
          if (path.length) searchPath = path;
        }
        break;
      case 'CreateStmt':
      case 'CreateForeignTableStmt': {
        const create = statement.type === 'CreateStmt' ? node : (node.base ?? {});
        const table = qualify(create.relation);
        if (!table) break;
        setOnce(found.relations, table, here);
        for (const element of create.tableElts ?? []) {
          if (element.ColumnDef) addColumn(statement, table, element.ColumnDef);
          else if (element.Constraint) addConstraint(statement, table, element.Constraint, null);
        }
        break;
      }
      case 'AlterTableStmt': {
        const table = qualify(node.relation);
        if (!table) break;
        for (const item of node.cmds ?? []) {
          const cmd = item.AlterTableCmd;
          if (cmd?.subtype === 'AT_AddConstraint' && cmd.def?.Constraint) addConstraint(statement, table, cmd.def.Constraint, null);
          if (cmd?.subtype === 'AT_AddColumn' && cmd.def?.ColumnDef) addColumn(statement, table, cmd.def.ColumnDef);
        }
        break;
      }
      case 'IndexStmt': {
        const table = qualify(node.relation);
        if (!table) break;
        if (node.idxname) setOnce(found.indexes, `${table.slice(0, table.lastIndexOf('.'))}.${node.idxname}`, here);
        const keys = (node.indexParams ?? []).map((p: Node) => p.IndexElem?.name ?? '(expr)').join(',');
        setOnce(found.indexes, `${table}|${keys}`, here);
        break;
      }
      case 'ViewStmt': {
        const view = qualify(node.view);
        if (view) setOnce(found.relations, view, here);
        break;
      }
      case 'CreateTableAsStmt': {
        const view = qualify(node.into?.rel);
        if (view) setOnce(found.relations, view, here);
        break;
      }
      case 'CommentStmt': {
        const kind = COMMENT_KINDS[String(node.objtype)];
        if (!kind) break;
        if (kind === 'schema') {
          const schema = node.object?.String?.sval;
          if (typeof schema === 'string') setOnce(found.comments, `schema:${schema}`, here);
          break;
        }
        if (kind === 'function') {
          const names = strings(node.object?.ObjectWithArgs?.objname);
          const name = names[names.length - 1];
          const schema = names.length > 1 ? names[names.length - 2] : searchPath[0];
          const argc = Array.isArray(node.object?.ObjectWithArgs?.objargs) ? node.object.ObjectWithArgs.objargs.length : 0;
          if (name) setOnce(found.comments, `function:${schema}.${name}/${argc}`, here);
          break;
        }
        const items = strings(node.object?.List?.items);
        // Columns and constraints end with their own name after the relation's.
        const own = kind === 'column' || kind === 'constraint' ? items.pop() : undefined;
        const relname = items.pop();
        const relation = qualify({ schemaname: items.pop(), relname }) ?? (relname ? `${searchPath[0]}.${relname}` : null);
        if (!relation) break;
        setOnce(found.comments, `${kind}:${own === undefined ? relation : `${relation}.${own}`}`, here);
        break;
      }
      case 'CreateFunctionStmt': {
        const names = strings(node.funcname);
        const name = names[names.length - 1];
        if (!name) break;
        const schema = names.length > 1 ? names[names.length - 2] : searchPath[0];
        const inputs = (node.parameters ?? []).filter((p: Node) => {
          const mode = p.FunctionParameter?.mode;
          return mode !== 'FUNC_PARAM_OUT' && mode !== 'FUNC_PARAM_TABLE';
        }).length;
        setOnce(found.functions, `${schema}.${name}/${inputs}`, here);
        setOnce(found.functions, `${schema}.${name}`, here);
        break;
      }
      default:
        break;
    }
  }
}

/** Column names an expression refers to (for matching unnamed check constraints). */
function columnRefs(node: unknown): string[] {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const record = value as Node;
    if (record.ColumnRef) {
      const fields = strings(record.ColumnRef.fields);
      const last = fields[fields.length - 1];
      if (last) out.push(last);
      return;
    }
    for (const v of Object.values(record)) walk(v);
  };
  walk(node);
  return out;
}
