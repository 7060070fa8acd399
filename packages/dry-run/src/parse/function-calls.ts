import type { FuncCall } from 'libpg-query';
import { constantValue, LEAF_NODES, stringValue, type AstNode } from './ast.js';
import { walkExpression } from './expression-walk.js';

/** A function called in a statement. */
export interface FunctionCall {
  readonly schema: string | null;
  readonly name: string;
  readonly args: readonly unknown[];
  /** Byte offset in the statement's source, when the parser gives one. */
  readonly location: number | undefined;
}

// Statements whose expressions are stored, not evaluated, when the statement runs: a function
// named in a view, a rule, a trigger's WHEN, a policy or a new table's default does not run.
const STORED_ONLY = new Set([
  'CreateFunctionStmt',
  'ViewStmt',
  'RuleStmt',
  'CreateTrigStmt',
  'CreatePolicyStmt',
  'AlterPolicyStmt',
  'CreateStmt',
  'CreateDomainStmt',
  'AlterDomainStmt',
  'DefineStmt',
  'PrepareStmt',
  'CommentStmt',
  'CreateForeignTableStmt',
]);

// What the walk does with a child under each key: most keys hold scalars (checked before the
// lookup) or subtrees to descend into; the table spares a chain of comparisons per key.
const DESCEND = 0;
const SKIP = 1;
const CALL = 2;
const CREATE_TABLE_AS = 3;
const ALTER_TABLE_CMD = 4;
const KEY_ACTION = new Map<string, number>();
for (const key of LEAF_NODES) KEY_ACTION.set(key, SKIP);
KEY_ACTION.set('RangeVar', SKIP); // a table name: no call below it
for (const key of STORED_ONLY) KEY_ACTION.set(key, SKIP);
KEY_ACTION.set('FuncCall', CALL);
KEY_ACTION.set('CreateTableAsStmt', CREATE_TABLE_AS);
KEY_ACTION.set('AlterTableCmd', ALTER_TABLE_CMD);

function collect(value: unknown, out: FunctionCall[]): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) collect(value[i], out);
    return;
  }
  for (const key in value as object) {
    const child = (value as Record<string, unknown>)[key];
    if (child === null || typeof child !== 'object') continue;
    if (!walkExpression(key, child, collect, out, undefined)) collectOther(key, child, out);
  }
}

function collectOther(key: string, child: object, out: FunctionCall[]): void {
  switch (KEY_ACTION.get(key) ?? DESCEND) {
    case DESCEND:
      collect(child, out);
      return;
    case CALL: {
      const call = child as FuncCall;
      const names = call.funcname ?? [];
      const name = stringValue(names[names.length - 1]);
      if (name !== undefined) {
        out.push({ schema: names.length >= 2 ? (stringValue(names[names.length - 2]) ?? null) : null, name, args: call.args ?? NO_ARGS, location: call.location });
      }
      collect(call.args, out);
      collect(call.agg_filter, out);
      collect(call.agg_order, out);
      collect(call.over, out);
      return;
    }
    case CREATE_TABLE_AS:
      // WITH NO DATA: the query is planned, never run
      if (!(child as { into?: { skipData?: boolean } }).into?.skipData) collect(child, out);
      return;
    case ALTER_TABLE_CMD:
      // SET DEFAULT only stores the expression; ADD COLUMN ... DEFAULT evaluates it for existing rows.
      if ((child as { subtype?: string }).subtype !== 'AT_ColumnDefault') collect(child, out);
      return;
    default:
      // a leaf, or expressions stored for later (see STORED_ONLY)
      return;
  }
}

const NO_ARGS: readonly unknown[] = Object.freeze([]);
// Reused by every walk: most statements call no function, and need no array of their own.
const scratch: FunctionCall[] = [];

// The result is memoized on the parse tree under a symbol (invisible to JSON, for...in and
// Object.keys): a WeakMap holding one entry per statement of a 100,000-statement run costs the
// garbage collector far more.
const CALLS = Symbol('confiture.functionCalls');
const NO_CALLS: readonly FunctionCall[] = Object.freeze([]);

/**
 * Functions the statement calls when it runs, found anywhere in its tree (CTEs, subqueries,
 * arguments), not those it only stores (view bodies, defaults of a new table, trigger WHEN...).
 * Cached per parse tree.
 */
export function functionCalls(ast: AstNode): readonly FunctionCall[] {
  const memo = ast as AstNode & { [CALLS]?: readonly FunctionCall[] };
  let calls = memo[CALLS];
  if (!calls) {
    scratch.length = 0;
    collect(ast, scratch);
    calls = scratch.length === 0 ? NO_CALLS : scratch.slice();
    scratch.length = 0;
    (memo as { [CALLS]?: readonly FunctionCall[] })[CALLS] = calls;
  }
  return calls;
}

/** Reads a literal argument of a call (text or number), e.g. the sequence name of `nextval('s')`. */
export function literalArgument(call: FunctionCall, index: number): string | number | boolean | null | undefined {
  return constantValue(call.args[index]);
}
