// Expression nodes are the bulk of any query. Their fields that can hold a subquery, a relation
// or a function call are read by name: enumerating every key of every node is what a generic
// walk spends its time on, and these nodes are most of the nodes.
interface Expression {
  readonly arg?: unknown;
  readonly args?: unknown;
  readonly lexpr?: unknown;
  readonly rexpr?: unknown;
  readonly val?: unknown;
  readonly indirection?: unknown;
  readonly testexpr?: unknown;
  readonly subselect?: unknown;
  readonly defresult?: unknown;
  readonly expr?: unknown;
  readonly result?: unknown;
  readonly elements?: unknown;
  readonly node?: unknown;
  readonly items?: unknown;
}

/**
 * When `key` names a common expression node (A_Expr, BoolExpr, SubLink, CaseExpr, TypeCast,
 * ResTarget...), calls `visit(child, a, b)` on each of its fields that can hold a subtree and
 * returns true; returns false for any other key, which the caller walks its own way. The two
 * pass-through arguments spare the walks a closure per node.
 *
 * @example
 * ```ts
 * if (!walkExpression(key, child, collect, out, undefined)) collectOther(key, child, out);
 * ```
 */
export function walkExpression<A, B>(key: string, node: object, visit: (child: unknown, a: A, b: B) => void, a: A, b: B): boolean {
  const e = node as Expression;
  switch (key) {
    case 'A_Expr':
      visit(e.lexpr, a, b);
      visit(e.rexpr, a, b);
      return true;
    case 'ResTarget':
      visit(e.val, a, b);
      visit(e.indirection, a, b);
      return true;
    case 'BoolExpr':
    case 'CoalesceExpr':
    case 'MinMaxExpr':
    case 'RowExpr':
      visit(e.args, a, b);
      return true;
    case 'NullTest':
    case 'BooleanTest':
    case 'TypeCast':
    case 'NamedArgExpr':
    case 'CollateClause':
      visit(e.arg, a, b);
      return true;
    case 'List':
      visit(e.items, a, b);
      return true;
    case 'SubLink':
      visit(e.testexpr, a, b);
      visit(e.subselect, a, b);
      return true;
    case 'CaseExpr':
      visit(e.arg, a, b);
      visit(e.args, a, b);
      visit(e.defresult, a, b);
      return true;
    case 'CaseWhen':
      visit(e.expr, a, b);
      visit(e.result, a, b);
      return true;
    case 'A_ArrayExpr':
      visit(e.elements, a, b);
      return true;
    case 'SortBy':
      visit(e.node, a, b);
      return true;
    case 'A_Indirection':
      visit(e.arg, a, b);
      visit(e.indirection, a, b);
      return true;
    default:
      return false;
  }
}
