import type { Catalog } from '../catalog/catalog.js';
import type { CatalogConstraint } from '../catalog/types.js';
import { nodeAs, stringList } from '../parse/ast.js';
import { functionCalls } from '../parse/function-calls.js';
import { parseRaw } from '../parse/parser.js';

// Built-in functions whose result changes from row to row: a column default calling one makes
// ADD COLUMN rewrite the table. Used when there is no catalog to read provolatile from.
const VOLATILE_BUILTINS = new Set([
  'random',
  'random_normal',
  'setseed',
  'clock_timestamp',
  'timeofday',
  'gen_random_uuid',
  'uuidv4',
  'uuidv7',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'gen_random_bytes',
  'nextval',
  'setval',
  'currval',
  'lastval',
  'txid_current',
  'pg_current_xact_id',
]);

const STABLE_OR_IMMUTABLE_BUILTINS = new Set([
  'now',
  'statement_timestamp',
  'transaction_timestamp',
  'current_setting',
  'lower',
  'upper',
  'coalesce',
  'length',
  'concat',
  'to_char',
  'to_timestamp',
  'make_interval',
  'jsonb_build_object',
  'json_build_object',
  'array_length',
  'abs',
  'round',
  'trim',
  'btrim',
  'substr',
  'substring',
  'replace',
  'md5',
]);

/** The first volatile function an expression calls, or undefined when it calls none. */
export function volatileFunctionIn(expression: unknown, catalog: Catalog): string | undefined {
  for (const call of functionCalls({ Expr: expression })) {
    const named = catalog.functionsNamed(call.name, call.schema);
    if (named.length > 0) {
      if (named.some((f) => f.volatility === 'v')) return call.name;
      continue;
    }
    if (VOLATILE_BUILTINS.has(call.name)) return call.name;
    // A function the catalog does not know (no catalog, or created in this run): assume the
    // worst unless it is a well-known stable or immutable built-in.
    if (STABLE_OR_IMMUTABLE_BUILTINS.has(call.name) && (call.schema === null || call.schema === 'pg_catalog')) continue;
    return call.name;
  }
  return undefined;
}

/** True when the expression, split on top-level AND, contains `column IS NOT NULL`. */
export function impliesNotNull(expression: unknown, column: string): boolean {
  const and = nodeAs<{ boolop?: string; args?: unknown[] }>(expression, 'BoolExpr');
  if (and) return and.boolop === 'AND_EXPR' && (and.args ?? []).some((a) => impliesNotNull(a, column));
  const test = nodeAs<{ arg?: unknown; nulltesttype?: string }>(expression, 'NullTest');
  if (!test || test.nulltesttype !== 'IS_NOT_NULL') return false;
  const fields = stringList(nodeAs<{ fields?: unknown[] }>(test.arg, 'ColumnRef')?.fields);
  return fields[fields.length - 1] === column;
}

const definitionCache = new Map<string, unknown>();

/** The CHECK expression of a constraint definition (`pg_get_constraintdef` or clause text). */
export function checkExpression(definition: string): unknown {
  if (definitionCache.has(definition)) return definitionCache.get(definition);
  let expression: unknown;
  try {
    const [stmt] = parseRaw(`ALTER TABLE x ADD ${definition}`);
    const cmd = nodeAs<{ cmds?: unknown[] }>(stmt?.stmt, 'AlterTableStmt')?.cmds?.[0];
    const constraint = nodeAs<{ raw_expr?: unknown }>(nodeAs<{ def?: unknown }>(cmd, 'AlterTableCmd')?.def, 'Constraint');
    expression = constraint?.raw_expr;
  } catch {
    expression = undefined;
  }
  definitionCache.set(definition, expression);
  return expression;
}

/** A validated CHECK (or PostgreSQL 18 NOT NULL) constraint proving the column has no NULL. */
export function provenNotNull(constraints: readonly CatalogConstraint[], column: string): CatalogConstraint | undefined {
  return constraints.find(
    (c) => c.validated && ((c.type === 'n' && c.columns.includes(column)) || (c.type === 'c' && impliesNotNull(c.expression ?? checkExpression(c.definition), column))),
  );
}
