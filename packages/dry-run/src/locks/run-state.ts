import type { AlterTableStmt, VariableSetStmt } from 'libpg-query';
import type { Catalog } from '../catalog/catalog.js';
import * as H from '../hazards/hazards.js';
import { constantValue } from '../parse/ast.js';
import { functionCalls, literalArgument } from '../parse/function-calls.js';
import type { ClassifiedStatement, Hazard } from '../types.js';
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

/**
 * Counts an ALTER TABLE of a pre-existing table in its file and, on the second one, returns the
 * `combine-alter-table` hazard (reported once per table and file).
 */
function countAlter(catalog: Catalog, statement: ClassifiedStatement, body: AlterTableStmt, ctx: AnalysisContext): Hazard | undefined {
  if ((body.objtype ?? 'OBJECT_TABLE') !== 'OBJECT_TABLE') return undefined;
  const table = ctx.resolveRangeVar(body.relation);
  if (!table || !ctx.preexisting(table)) return undefined;
  let byTable = catalog.run.alters.get(statement.file);
  if (!byTable) {
    byTable = new Map();
    catalog.run.alters.set(statement.file, byTable);
  }
  const seen = byTable.get(table.key);
  if (!seen) {
    byTable.set(table.key, { count: 1, first: [{ index: statement.index, file: statement.file, line: statement.line }] });
    return undefined;
  }
  const hazard =
    seen.count === 1 ? H.combineAlterTable(table.key, seen.first.map((p) => `${p.file ?? 'line'}${p.file ? ':' : ' '}${p.line}`), seen.count) : undefined;
  seen.count++;
  if (seen.first.length < 3) seen.first.push({ index: statement.index, file: statement.file, line: statement.line });
  return hazard;
}

/**
 * Updates the run facts kept across statements (lock_timeout per file, ALTERs per table) and
 * returns the hazard they give for this statement, if any.
 */
export function updateRunState(catalog: Catalog, statement: ClassifiedStatement, body: Record<string, unknown>, ctx: AnalysisContext): Hazard | undefined {
  switch (statement.nodeType) {
    case 'VariableSetStmt': {
      const set = body as VariableSetStmt;
      if (set.kind === 'VAR_RESET_ALL') setLockTimeout(catalog, statement.file, undefined);
      else if (set.name === 'lock_timeout') setLockTimeout(catalog, statement.file, set.kind === 'VAR_SET_VALUE' ? constantValue(set.args?.[0]) : undefined);
      return undefined;
    }
    case 'SelectStmt':
      for (const call of functionCalls(statement.ast)) {
        if (call.name === 'set_config' && literalArgument(call, 0) === 'lock_timeout') setLockTimeout(catalog, statement.file, literalArgument(call, 1));
      }
      return undefined;
    case 'AlterTableStmt':
      return countAlter(catalog, statement, body as AlterTableStmt, ctx);
    default:
      return undefined;
  }
}
