// Small accessors over libpg-query's JSON parse trees. A node is `{ TypeName: body }`; bodies
// omit fields that hold their default value (false, 0, empty lists).
import type { A_Const, RangeVar, TypeName } from 'libpg-query';

/** Any parse tree node: `{ [nodeType]: body }`. */
export type AstNode = Readonly<Record<string, unknown>>;

/** The body of a node when it is of the given type. */
export function nodeAs<T>(node: unknown, type: string): T | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  return (node as Record<string, T | undefined>)[type];
}

/** The type name of a node (its only key). */
export function nodeType(node: unknown): string | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  for (const key in node as object) return key;
  return undefined;
}

/** The body of a node, whatever its type. */
export function nodeBody<T = Record<string, unknown>>(node: unknown): T | undefined {
  const type = nodeType(node);
  return type === undefined ? undefined : ((node as Record<string, T>)[type] as T);
}

/** The text of a `String` node. */
export function stringValue(node: unknown): string | undefined {
  const s = nodeAs<{ sval?: string }>(node, 'String');
  return s === undefined ? undefined : (s.sval ?? '');
}

/** The texts of a list of `String` nodes (qualified names). */
export function stringList(nodes: readonly unknown[] | undefined): string[] {
  const out: string[] = [];
  if (!nodes) return out;
  for (const n of nodes) {
    const s = stringValue(n);
    if (s !== undefined) out.push(s);
  }
  return out;
}

/**
 * A schema-qualified name as parsed; `schema` null when not qualified.
 *
 * @example
 * ```ts
 * const name: QualifiedName = { schema: 'public', name: 'users' };
 * catalog.resolve(name).entry;
 * ```
 */export interface QualifiedName {
  readonly schema: string | null;
  readonly name: string;
}

/** The name a `RangeVar` refers to. */
export function rangeVarName(rv: RangeVar | undefined): QualifiedName | undefined {
  if (!rv?.relname) return undefined;
  return { schema: rv.schemaname ?? null, name: rv.relname };
}

/** `[schema, name]` or `[name]` lists, e.g. DROP objects, into a qualified name. */
export function listName(parts: readonly string[]): QualifiedName | undefined {
  if (parts.length === 0) return undefined;
  const name = parts[parts.length - 1] as string;
  return { schema: parts.length >= 2 ? (parts[parts.length - 2] as string) : null, name };
}

/** The constant value of an `A_Const` (or a cast constant such as `'seq'::regclass`). */
export function constantValue(node: unknown): string | number | boolean | null | undefined {
  let n = node;
  const cast = nodeAs<{ arg?: unknown }>(n, 'TypeCast');
  if (cast) n = cast.arg;
  const c = nodeAs<A_Const>(n, 'A_Const');
  if (!c) return undefined;
  if (c.isnull) return null;
  if (c.sval) return c.sval.sval ?? '';
  if (c.ival) return c.ival.ival ?? 0;
  if (c.fval) return Number(c.fval.fval);
  if (c.boolval) return c.boolval.boolval ?? false;
  // Every field omitted: the integer 0.
  return 0;
}

/** A type name as written, e.g. `varchar(20)`, `public.mood`, `int4[]`. */
export interface TypeRef {
  readonly schema: string | null;
  readonly name: string;
  /** Integer type modifiers (`varchar(20)` -> [20], `numeric(10,2)` -> [10, 2]). */
  readonly modifiers: readonly number[];
  readonly array: boolean;
}

const NO_MODIFIERS: readonly number[] = Object.freeze([]);

/** Reads a `TypeName`. */
export function typeRef(t: TypeName | undefined): TypeRef | undefined {
  const names = t?.names;
  if (!names || names.length === 0) return undefined;
  const last = stringValue(names[names.length - 1]);
  if (last === undefined) return undefined;
  const schema = names.length >= 2 ? (stringValue(names[names.length - 2]) ?? null) : null;
  let modifiers = NO_MODIFIERS;
  if (t.typmods && t.typmods.length > 0) {
    const list: number[] = [];
    for (const m of t.typmods) {
      const v = constantValue(m);
      if (typeof v === 'number') list.push(v);
    }
    modifiers = list;
  }
  return { schema, name: last, modifiers, array: (t.arrayBounds?.length ?? 0) > 0 };
}

/** True for the `json` type (unqualified or `pg_catalog.json`), without building a {@link TypeRef}. */
export function isJsonType(t: TypeName | undefined): boolean {
  const names = t?.names;
  const n = names?.length ?? 0;
  if (n === 0 || stringValue(names?.[n - 1]) !== 'json') return false;
  return n === 1 || stringValue(names?.[n - 2]) === 'pg_catalog';
}

/** The value of a `DefElem` option list entry. */
function defElemValue(node: unknown): string | number | boolean | null | undefined {
  const d = nodeAs<{ defname?: string; arg?: unknown }>(node, 'DefElem');
  if (!d) return undefined;
  if (d.arg === undefined) return true;
  const s = stringValue(d.arg);
  if (s !== undefined) return s;
  const b = nodeAs<{ boolval?: boolean }>(d.arg, 'Boolean');
  if (b) return b.boolval ?? false;
  const i = nodeAs<{ ival?: number }>(d.arg, 'Integer');
  if (i) return i.ival ?? 0;
  return constantValue(d.arg);
}

/** Finds an option by name in a `DefElem` list. */
export function findOption(options: readonly unknown[] | undefined, name: string): { found: boolean; value: ReturnType<typeof defElemValue> } {
  for (const o of options ?? []) {
    const d = nodeAs<{ defname?: string }>(o, 'DefElem');
    if (d?.defname === name) return { found: true, value: defElemValue(o) };
  }
  return { found: false, value: undefined };
}

/** True for option values PostgreSQL reads as boolean false (`false`, `off`, `0`, `no`). */
export function isFalseOption(value: ReturnType<typeof defElemValue>): boolean {
  if (value === false || value === 0) return true;
  if (typeof value === 'string') return ['false', 'off', 'no', '0', 'f', 'n'].includes(value.toLowerCase());
  return false;
}

/**
 * Node types that hold no statement, relation reference or function call below them: tree
 * walks skip them (constants, column references, type names).
 */
export const LEAF_NODES: ReadonlySet<string> = new Set(['A_Const', 'ColumnRef', 'String', 'Integer', 'Float', 'Boolean', 'BitString', 'TypeName', 'ParamRef', 'A_Star', 'Alias', 'location']);
