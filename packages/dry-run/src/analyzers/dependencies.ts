import type { Queryable } from '@confiture/core';
import type { AlterTableCmd, AlterTableStmt, DropStmt, RangeVar, TruncateStmt, TypeName } from 'libpg-query';
import { Catalog } from '../catalog/catalog.js';
import { loadCatalog } from '../catalog/load.js';
import { recordStatement } from '../catalog/record.js';
import type { CatalogDependency } from '../catalog/types.js';
import { classifyStatement } from '../classify/classify.js';
import { charOffsetOf } from '../hazards/sql-text.js';
import { listName, nodeAs, nodeBody, rangeVarName, stringList, typeRef, type QualifiedName } from '../parse/ast.js';
import { functionCalls } from '../parse/function-calls.js';
import { LineIndex } from '../parse/line-index.js';
import { ensureParser } from '../parse/parser.js';
import { withClassification } from '../parse/statement.js';
import type { ClassifiedStatement, ParsedStatement } from '../types.js';
import { sequenceLiterals, statementReferences } from './dependencies-references.js';

/**
 * Where in its file a dependency problem is (the statement, or the name inside it).
 *
 * @example
 * ```ts
 * for (const m of statement.dependencies.missing) console.log(`${m.location.file}:${m.location.line}:${m.location.column}`, m.message);
 * ```
 */export interface DependencyLocation {
  readonly file: string | null;
  readonly line: number;
  readonly column: number;
}

/**
 * Something the statement refers to that does not exist at that point of the run.
 *
 * @example
 * ```ts
 * const [first] = (await analyzeDependencies(await classify('SELECT nope FROM users'), client))[0]!.missing; // column users.nope
 * ```
 */export interface MissingReference {
  /** `relation`, `table`, `index`, `sequence`, `view`, `column`, `type`, `function`. */
  readonly kind: string;
  /** `schema.name`, `schema.table.column`, `name(n args)`. */
  readonly name: string;
  readonly location: DependencyLocation;
  readonly message: string;
}

/**
 * Something that breaks (or is dropped along) because of what the statement drops or alters.
 *
 * @example
 * ```ts
 * const fatal = report.statements.flatMap((s) => s.dependencies.breaks).filter((b) => b.effect === 'fails');
 * ```
 */export interface BrokenDependent {
  /** `view`, `materialized view`, `foreign key`, `index`, `constraint`, `sequence`, `trigger`, `function`, `default`, `policy`, `rule`, `column`, `relation`. */
  readonly kind: string;
  /** The dependent object, `schema.name` or `name on schema.table`. */
  readonly name: string;
  /** What the statement drops or alters: `table public.users`, `column public.users.email`. */
  readonly cause: string;
  /**
   * `drops`: CASCADE (or PostgreSQL itself) drops the dependent too; `fails`: the statement
   * fails because of it; `affects`: it keeps existing but changes (an index rebuilt...).
   */
  readonly effect: 'drops' | 'fails' | 'affects';
  readonly message: string;
}

/**
 * The dependency findings of one statement.
 *
 * @example
 * ```ts
 * const reports = await analyzeDependencies(statements, client);
 * const missing = reports.flatMap((r) => r.missing);
 * ```
 */export interface DependencyReport {
  /** Index of the statement in the run. */
  readonly index: number;
  readonly missing: readonly MissingReference[];
  readonly breaks: readonly BrokenDependent[];
}

function isCatalog(value: Queryable | Catalog): value is Catalog {
  return value instanceof Catalog;
}

function locate(statement: ParsedStatement, location: number | undefined, lines: Map<ParsedStatement, LineIndex>): DependencyLocation {
  const offset = charOffsetOf(statement, location);
  if (offset === undefined) return { file: statement.file, line: statement.line, column: statement.column };
  let index = lines.get(statement);
  if (!index) {
    index = new LineIndex(statement.sql);
    lines.set(statement, index);
  }
  const p = index.position(offset);
  return { file: statement.file, line: statement.line + p.line - 1, column: p.line === 1 ? statement.column + p.column - 1 : p.column };
}

function where(l: DependencyLocation): string {
  return `${l.file ?? 'SQL'}:${l.line}:${l.column}`;
}

function display(name: QualifiedName): string {
  return name.schema ? `${name.schema}.${name.name}` : name.name;
}

const BUILTIN_PSEUDO_TYPES = new Set(['serial', 'bigserial', 'smallserial', 'serial2', 'serial4', 'serial8']);

function missingReferences(statement: ClassifiedStatement, catalog: Catalog, lines: Map<ParsedStatement, LineIndex>): MissingReference[] {
  const out: MissingReference[] = [];
  const seen = new Set<string>();
  const add = (kind: string, name: string, location: DependencyLocation, message: string): void => {
    const id = `${kind}:${name}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ kind, name, location, message });
  };
  const refs = statementReferences(statement);
  const tag = statement.classification.tag;
  for (const r of refs.relations) {
    const resolved = catalog.resolve(r.name);
    if (resolved.entry) continue;
    const at = locate(statement, r.location, lines);
    const shown = r.name.schema ? resolved.key : `${r.name.name} (searched in ${catalog.searchPath.filter((s) => s !== 'pg_catalog').join(', ') || 'the search path'})`;
    add(r.role, resolved.key, at, `${r.role} ${shown} does not exist at ${where(at)} (${tag}): create it earlier in the migration or fix the name.`);
  }
  for (const c of refs.columns) {
    const resolved = catalog.resolve(c.relation);
    const entry = resolved.entry;
    // Only relations whose columns are known: a catalog relation, or one created in the run.
    if (!entry || entry.columns.length === 0) continue;
    if (entry.columns.some((col) => col.name === c.column)) continue;
    const at = locate(statement, c.location, lines);
    add('column', `${resolved.key}.${c.column}`, at, `column ${c.column} of ${resolved.key} does not exist at ${where(at)} (${tag}).`);
  }
  // Types, functions and sequences can only be judged against a database's catalog, and not
  // after a CREATE EXTENSION of the run (whose objects are unknown).
  if (!catalog.live || catalog.extensionCreatedInRun) return out;
  for (const t of refs.types) {
    if (t.name.schema === null && BUILTIN_PSEUDO_TYPES.has(t.name.name)) continue;
    if (catalog.type(t.name)) continue;
    // A table's row type can be used as a column type.
    if (catalog.resolve(t.name).entry) continue;
    const at = locate(statement, t.location, lines);
    add('type', display(t.name), at, `type ${display(t.name)} does not exist at ${where(at)} (${tag}): create it (CREATE TYPE / CREATE DOMAIN / CREATE EXTENSION) earlier.`);
  }
  for (const f of refs.functions) {
    const candidates = catalog.functionsNamed(f.name.name, f.name.schema);
    const at = locate(statement, f.location, lines);
    if (candidates.length === 0) {
      add('function', display(f.name), at, `function ${display(f.name)}() does not exist at ${where(at)} (${tag}).`);
      continue;
    }
    if (f.argCount === null) continue;
    const n = f.argCount;
    const fits = candidates.some((c) => c.variadic || (n <= c.argCount && n >= c.argCount - c.defaultCount));
    if (!fits) {
      const counts = [...new Set(candidates.map((c) => c.argCount))].sort((a, b) => a - b).join(' or ');
      add('function', `${display(f.name)}(${n} args)`, at, `function ${display(f.name)} takes ${counts} arguments, not ${n}, at ${where(at)} (${tag}).`);
    }
  }
  for (const s of sequenceLiterals(functionCalls(statement.ast))) {
    const resolved = catalog.resolve(s.name);
    if (resolved.entry) continue;
    const at = locate(statement, s.location, lines);
    add('sequence', resolved.key, at, `sequence ${resolved.key} does not exist at ${where(at)} (${tag}).`);
  }
  return out;
}

function dependentLabel(d: CatalogDependency): string {
  return `${d.kind} ${d.name}`;
}

// Dependents PostgreSQL removes by itself with the object (no CASCADE needed): the table's own
// constraints, triggers, policies, rules and defaults.
function ownedBy(d: CatalogDependency, table: string): boolean {
  return d.relation === table && (d.kind === 'constraint' || d.kind === 'trigger' || d.kind === 'policy' || d.kind === 'rule' || d.kind === 'default');
}

// Foreign keys of other tables are reported from the constraints (with their own wording).
function foreignKeyDependency(d: CatalogDependency, table: string): boolean {
  return d.kind === 'constraint' && d.relation !== table;
}

function breaksOf(statement: ClassifiedStatement, catalog: Catalog): BrokenDependent[] {
  const out: BrokenDependent[] = [];
  const seen = new Set<string>();
  const add = (kind: string, name: string, cause: string, effect: BrokenDependent['effect'], message: string): void => {
    const id = `${kind}:${name}:${cause}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ kind, name, cause, effect, message });
  };
  const body = nodeBody<Record<string, unknown>>(statement.ast) ?? {};
  const verdict = (cascade: boolean): { effect: BrokenDependent['effect']; note: string } =>
    cascade ? { effect: 'drops', note: '(CASCADE drops it too)' } : { effect: 'fails', note: '(RESTRICT: the statement fails; drop or change it first, or use CASCADE)' };

  const relationDependents = (key: string, cause: string, cascade: boolean, verb: string): void => {
    const v = verdict(cascade);
    for (const d of catalog.dependentsOf(key)) {
      if (d.relation === key || ownedBy(d, key) || foreignKeyDependency(d, key)) continue;
      if (d.kind === 'index' || d.kind === 'sequence' || d.kind === 'column') continue;
      add(d.kind, d.name, cause, v.effect, `${verb} ${cause} breaks ${dependentLabel(d)} ${v.note}.`);
    }
    for (const fk of catalog.referencingConstraints(key)) {
      if (fk.table === key) continue;
      add('foreign key', `${fk.name} on ${fk.table}`, cause, v.effect, `${verb} ${cause} breaks foreign key ${fk.name} of ${fk.table} ${v.note}.`);
    }
  };

  switch (statement.nodeType) {
    case 'DropStmt': {
      const drop = body as DropStmt;
      const cascade = drop.behavior === 'DROP_CASCADE';
      const relational: Record<string, string> = { OBJECT_TABLE: 'table', OBJECT_VIEW: 'view', OBJECT_MATVIEW: 'materialized view', OBJECT_FOREIGN_TABLE: 'foreign table', OBJECT_SEQUENCE: 'sequence', OBJECT_INDEX: 'index' };
      for (const object of drop.objects ?? []) {
        const role = relational[drop.removeType ?? ''];
        if (role) {
          const name = listName(stringList(nodeAs<{ items?: unknown[] }>(object, 'List')?.items));
          const resolved = name ? catalog.resolve(name) : undefined;
          if (!resolved?.entry) continue;
          relationDependents(resolved.key, `${role} ${resolved.key}`, cascade, 'dropping');
        } else if (drop.removeType === 'OBJECT_FUNCTION' || drop.removeType === 'OBJECT_PROCEDURE' || drop.removeType === 'OBJECT_ROUTINE') {
          const name = listName(stringList(nodeAs<{ objname?: unknown[] }>(object, 'ObjectWithArgs')?.objname));
          if (!name) continue;
          const v = verdict(cascade);
          for (const fn of catalog.functionsNamed(name.name, name.schema)) {
            for (const d of catalog.dependentsOfFunction(`${fn.schema}.${fn.name}`)) {
              add(d.kind, d.name, `function ${fn.schema}.${fn.name}`, v.effect, `dropping function ${fn.schema}.${fn.name} breaks ${dependentLabel(d)} ${v.note}.`);
            }
          }
        } else if (drop.removeType === 'OBJECT_TYPE' || drop.removeType === 'OBJECT_DOMAIN') {
          const ref = typeRef(nodeAs<TypeName>(object, 'TypeName'));
          const type = ref ? catalog.type({ schema: ref.schema, name: ref.name }) : undefined;
          if (!type) continue;
          const v = verdict(cascade);
          for (const d of catalog.dependentsOfType(`${type.schema}.${type.name}`)) {
            add(d.kind, d.name, `type ${type.schema}.${type.name}`, v.effect, `dropping type ${type.schema}.${type.name} breaks ${dependentLabel(d)} ${v.note}.`);
          }
        } else if (drop.removeType === 'OBJECT_SCHEMA') {
          const schema = stringList([object])[0];
          if (!schema) continue;
          const v = verdict(cascade);
          for (const r of catalog.snapshot.relations) {
            if (r.schema !== schema || r.kind === 'i' || r.kind === 'I' || !catalog.relation(`${r.schema}.${r.name}`)) continue;
            add('relation', `${r.schema}.${r.name}`, `schema ${schema}`, v.effect, `dropping schema ${schema} ${cascade ? 'drops' : 'is refused because of'} ${r.schema}.${r.name} ${cascade ? '(CASCADE)' : '(RESTRICT: the schema is not empty)'}.`);
          }
        }
      }
      break;
    }
    case 'TruncateStmt': {
      const truncate = body as TruncateStmt;
      const cascade = truncate.behavior === 'DROP_CASCADE';
      for (const r of truncate.relations ?? []) {
        const resolved = catalog.resolve(rangeVarName(nodeAs<RangeVar>(r, 'RangeVar')) ?? { schema: null, name: '' });
        if (!resolved.entry) continue;
        for (const fk of catalog.referencingConstraints(resolved.key)) {
          if (fk.table === resolved.key) continue;
          add(
            'foreign key',
            `${fk.name} on ${fk.table}`,
            `table ${resolved.key}`,
            cascade ? 'drops' : 'fails',
            cascade
              ? `truncating ${resolved.key} also empties ${fk.table} through foreign key ${fk.name} (CASCADE).`
              : `truncating ${resolved.key} fails: foreign key ${fk.name} of ${fk.table} references it (add CASCADE to empty ${fk.table} too).`,
          );
        }
      }
      break;
    }
    case 'AlterTableStmt': {
      const alter = body as AlterTableStmt;
      const name = rangeVarName(alter.relation);
      const table = name ? catalog.resolve(name) : undefined;
      if (!table?.entry) break;
      for (const c of alter.cmds ?? []) {
        const cmd = nodeAs<AlterTableCmd>(c, 'AlterTableCmd');
        if (!cmd) continue;
        if (cmd.subtype === 'AT_DropColumn' && cmd.name) columnDropped(catalog, table.key, cmd.name, cmd.behavior === 'DROP_CASCADE', add);
        if (cmd.subtype === 'AT_AlterColumnType' && cmd.name) columnRetyped(catalog, table.key, cmd.name, add);
        if (cmd.subtype === 'AT_DropConstraint' && cmd.name) {
          const constraint = catalog.constraintsOf(table.key).find((x) => x.name === cmd.name);
          if (constraint?.index) {
            const v = verdict(cmd.behavior === 'DROP_CASCADE');
            for (const d of catalog.dependentsOf(constraint.index)) {
              if (d.kind === 'constraint' && !ownedBy(d, table.key)) add('foreign key', d.name, `constraint ${constraint.name} of ${table.key}`, v.effect, `dropping constraint ${constraint.name} of ${table.key} breaks foreign key ${d.name}, which relies on its unique index ${v.note}.`);
            }
          }
        }
      }
      break;
    }
    default:
      break;
  }
  return out;
}

type Add = (kind: string, name: string, cause: string, effect: BrokenDependent['effect'], message: string) => void;

function columnDropped(catalog: Catalog, table: string, column: string, cascade: boolean, add: Add): void {
  const cause = `column ${table}.${column}`;
  const verb = cascade ? { effect: 'drops' as const, note: '(CASCADE drops it too)' } : { effect: 'fails' as const, note: '(RESTRICT: the statement fails; change it first, or use CASCADE)' };
  for (const d of catalog.dependentsOf(table, column)) {
    if (foreignKeyDependency(d, table)) continue;
    if (ownedBy(d, table)) {
      add(d.kind, d.name, cause, 'drops', `dropping ${cause} drops ${dependentLabel(d)} with it.`);
      continue;
    }
    if (d.kind === 'index' || d.kind === 'column') continue;
    add(d.kind, d.name, cause, verb.effect, `dropping ${cause} breaks ${dependentLabel(d)} ${verb.note}.`);
  }
  for (const i of catalog.indexesOf(table)) {
    if (i.index?.columns.includes(column)) add('index', `${i.schema}.${i.name}`, cause, 'drops', `dropping ${cause} drops index ${i.schema}.${i.name} with it.`);
  }
  for (const s of catalog.ownedSequencesOf(table)) {
    if (s.ownedBy?.column === column) add('sequence', `${s.schema}.${s.name}`, cause, 'drops', `dropping ${cause} drops its sequence ${s.schema}.${s.name} with it.`);
  }
  for (const c of catalog.constraintsOf(table)) {
    if (c.columns.includes(column) && c.type !== 'n') add('constraint', `${c.name} on ${table}`, cause, 'drops', `dropping ${cause} drops constraint ${c.name} with it.`);
  }
  for (const fk of catalog.referencingConstraints(table)) {
    if (fk.table !== table && fk.referencedColumns.includes(column)) {
      add('foreign key', `${fk.name} on ${fk.table}`, cause, verb.effect, `dropping ${cause} breaks foreign key ${fk.name} of ${fk.table} ${verb.note}.`);
    }
  }
}

function columnRetyped(catalog: Catalog, table: string, column: string, add: Add): void {
  const cause = `column ${table}.${column}`;
  for (const d of catalog.dependentsOf(table, column)) {
    if (d.kind === 'view' || d.kind === 'materialized view' || d.kind === 'rule' || d.kind === 'policy') {
      add(d.kind, d.name, cause, 'fails', `changing the type of ${cause} fails: ${dependentLabel(d)} uses it (drop and re-create it around the change).`);
    }
  }
  for (const i of catalog.indexesOf(table)) {
    if (i.index?.columns.includes(column)) add('index', `${i.schema}.${i.name}`, cause, 'affects', `changing the type of ${cause} rebuilds index ${i.schema}.${i.name}.`);
  }
  for (const fk of catalog.referencingConstraints(table)) {
    if (fk.table !== table && fk.referencedColumns.includes(column)) {
      add('foreign key', `${fk.name} on ${fk.table}`, cause, 'affects', `changing the type of ${cause} re-checks foreign key ${fk.name} of ${fk.table} (its column type must stay compatible).`);
    }
  }
}

/**
 * Checks, before anything runs, that each statement's references exist at its point of the run
 * (tables, columns, types, functions by name and argument count, sequences; objects created
 * earlier in the run count), and lists what breaks because of what it drops or alters (views
 * and materialized views using a dropped or retyped column or table, foreign keys referencing
 * it, functions, triggers, defaults, policies, indexes and owned sequences), saying whether
 * CASCADE drops them or the statement fails. Missing references carry their file:line:column.
 *
 * Give it a catalog from {@link loadCatalog} (it is not modified: the run is replayed on a
 * fork) or a queryable to load one. Types, functions and sequences are checked only against a
 * database catalog.
 *
 * @example
 * ```ts
 * const reports = await analyzeDependencies(await classify(sql, 'up.sql'), client);
 * for (const r of reports) for (const b of r.breaks) console.log(b.message);
 * // dropping column public.users.email breaks view public.active_users (RESTRICT: ...)
 * ```
 */
export async function analyzeDependencies(statements: readonly (ClassifiedStatement | ParsedStatement)[], source: Queryable | Catalog): Promise<DependencyReport[]> {
  await ensureParser();
  const base = isCatalog(source) ? source : await loadCatalog(source);
  const catalog = base.fork();
  const lines = new Map<ParsedStatement, LineIndex>();
  const out: DependencyReport[] = [];
  for (const s of statements) {
    const statement: ClassifiedStatement = 'classification' in s ? s : withClassification(s, classifyStatement(s, { catalog }));
    out.push({ index: statement.index, missing: missingReferences(statement, catalog, lines), breaks: breaksOf(statement, catalog) });
    recordStatement(catalog, statement);
  }
  return out;
}
