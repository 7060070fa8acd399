import type { FuncCall } from 'libpg-query';
import { constantValue, LEAF_NODES, stringList, type AstNode } from './ast.js';

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

function collect(value: unknown, out: FunctionCall[]): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, out);
    return;
  }
  for (const key in value as object) {
    const child = (value as Record<string, unknown>)[key];
    if (child === null || typeof child !== 'object' || LEAF_NODES.has(key)) continue;
    if (key === 'FuncCall') {
      const call = child as FuncCall;
      const parts = stringList(call.funcname);
      const name = parts[parts.length - 1];
      if (name !== undefined) {
        out.push({ schema: parts.length >= 2 ? (parts[parts.length - 2] as string) : null, name, args: call.args ?? [], location: call.location });
      }
      collect(call.args, out);
      collect(call.agg_filter, out);
      collect(call.agg_order, out);
      collect(call.over, out);
    } else if (STORED_ONLY.has(key)) {
      // expressions stored for later, see above
    } else if (key === 'CreateTableAsStmt' && (child as { into?: { skipData?: boolean } }).into?.skipData) {
      // WITH NO DATA: the query is planned, never run
    } else if (key === 'AlterTableCmd') {
      // SET DEFAULT only stores the expression; ADD COLUMN ... DEFAULT evaluates it for existing rows.
      if ((child as { subtype?: string }).subtype !== 'AT_ColumnDefault') collect(child, out);
    } else {
      collect(child, out);
    }
  }
}

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
    const out: FunctionCall[] = [];
    collect(ast, out);
    calls = out.length === 0 ? NO_CALLS : out;
    (memo as { [CALLS]?: readonly FunctionCall[] })[CALLS] = calls;
  }
  return calls;
}

/** Reads a literal argument of a call (text or number), e.g. the sequence name of `nextval('s')`. */
export function literalArgument(call: FunctionCall, index: number): string | number | boolean | null | undefined {
  return constantValue(call.args[index]);
}
