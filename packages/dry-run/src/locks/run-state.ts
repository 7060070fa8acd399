import type { RangeVar, VariableSetStmt } from 'libpg-query';
import type { Catalog } from '../catalog/catalog.js';
import { constantValue, nodeBody, rangeVarName } from '../parse/ast.js';
import { functionCalls, literalArgument } from '../parse/function-calls.js';
import type { ClassifiedStatement } from '../types.js';
import type { AnalysisContext } from './context.js';

// lock_timeout = 0 disables the timeout: it does not count as set.
function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'number') return value > 0;
  const text = String(value).trim();
  return text !== '' && !/^0+(ms|s|min|h|d)?$/i.test(text);
}

function setLockTimeout(catalog: Catalog, file: string | null, value: unknown): void {
  if (isSet(value)) catalog.run.lockTimeoutFiles.add(file);
  else catalog.run.lockTimeoutFiles.delete(file);
}

/** Updates the run facts kept across statements (lock_timeout per file, ALTERs per table). */
export function updateRunState(catalog: Catalog, statement: ClassifiedStatement, ctx: AnalysisContext): void {
  if (statement.nodeType === 'VariableSetStmt') {
    const body = nodeBody<VariableSetStmt>(statement.ast);
    if (body?.kind === 'VAR_RESET_ALL') setLockTimeout(catalog, statement.file, undefined);
    else if (body?.name === 'lock_timeout') {
      setLockTimeout(catalog, statement.file, body.kind === 'VAR_SET_VALUE' ? constantValue(body.args?.[0]) : undefined);
    }
    return;
  }
  if (statement.nodeType === 'SelectStmt') {
    for (const call of functionCalls(statement.ast)) {
      if (call.name === 'set_config' && literalArgument(call, 0) === 'lock_timeout') setLockTimeout(catalog, statement.file, literalArgument(call, 1));
    }
  }
  if (statement.nodeType === 'AlterTableStmt') {
    const body = nodeBody<{ relation?: RangeVar; objtype?: string }>(statement.ast);
    if ((body?.objtype ?? 'OBJECT_TABLE') !== 'OBJECT_TABLE') return;
    const table = ctx.resolve(rangeVarName(body?.relation));
    if (!table || !ctx.preexisting(table)) return;
    const key = `${statement.file ?? ''}\u0000${table.key}`;
    const seen = catalog.run.alters.get(key) ?? { count: 0, first: [] };
    seen.count++;
    if (seen.first.length < 3) seen.first.push({ index: statement.index, file: statement.file, line: statement.line });
    catalog.run.alters.set(key, seen);
  }
}
