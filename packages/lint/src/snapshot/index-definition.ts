import type { IndexKeyPart } from '../types.js';
import { quoteIdent } from './identifiers.js';

/** What the definition of an index key needs beyond its {@link IndexKeyPart}. */
export interface IndexKeyDetail {
  readonly opclassIsDefault: boolean;
  readonly columnCollation: string | null;
  /** pg_get_indexdef(index, n, false): parenthesized unless a function call. */
  readonly plainExpression: string | null;
}

/** What {@link indexDefinition} needs about one index. */
export interface IndexDefinitionParts {
  readonly name: string;
  readonly tableSchema: string;
  readonly tableName: string;
  readonly method: string;
  readonly unique: boolean;
  readonly partitioned: boolean;
  readonly nullsNotDistinct: boolean;
  readonly keys: readonly IndexKeyPart[];
  /** One per key, in the same order. */
  readonly details: readonly IndexKeyDetail[];
  readonly include: readonly string[];
  /** pg_get_expr(indpred, indrelid, false). */
  readonly predicate: string | null;
}

/** `schema.name` of a catalog object as PostgreSQL prints it: each part quoted when needed. */
const qualified = (name: string): string => name.split('.').map(quoteIdent).join('.');


/**
 * The CREATE INDEX statement of an index, rebuilt from its catalog parts in pg_get_indexdef's
 * spelling (calling pg_get_indexdef for every index costs half a second per 20,000 indexes).
 * Storage parameters (WITH) and tablespaces are left out; an explicit COLLATE on an expression key
 * is not shown.
 */
export function indexDefinition(index: IndexDefinitionParts): string {
  const keys = index.keys.map((k, i) => {
    const { opclassIsDefault, columnCollation, plainExpression } = index.details[i] ?? { opclassIsDefault: true, columnCollation: null, plainExpression: null };
    let text = k.expression !== null ? (plainExpression ?? `(${k.expression})`) : quoteIdent(k.column ?? '');
    if (k.expression === null && k.collation !== columnCollation) text += ` COLLATE ${qualified(k.collation ?? 'default')}`;
    if (!opclassIsDefault && k.opclass !== '') text += ` ${qualified(k.opclass)}`;
    if (k.descending) text += k.nullsFirst ? ' DESC' : ' DESC NULLS LAST';
    else if (k.nullsFirst) text += ' NULLS FIRST';
    return text;
  });
  let out = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(index.name)} ON ${index.partitioned ? 'ONLY ' : ''}`;
  out += `${quoteIdent(index.tableSchema)}.${quoteIdent(index.tableName)} USING ${index.method} (${keys.join(', ')})`;
  if (index.include.length > 0) out += ` INCLUDE (${index.include.map(quoteIdent).join(', ')})`;
  if (index.nullsNotDistinct) out += ' NULLS NOT DISTINCT';
  if (index.predicate !== null) out += ` WHERE ${index.predicate}`;
  return out;
}
