import type { TransactionStmt } from 'libpg-query';
import type { ParsedStatement } from '../types.js';

// How the migration runner groups statements into transactions, which is how long their locks
// are held: a normal source (one migration file) is one transaction; a no-transaction source
// runs each statement in autocommit, except between its own BEGIN and COMMIT.

const OPENS = new Set(['TRANS_STMT_BEGIN', 'TRANS_STMT_START']);
const CLOSES = new Set(['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_PREPARE']);

function transactionKind(statement: ParsedStatement): string | undefined {
  if (statement.nodeType !== 'TransactionStmt') return undefined;
  return (statement.ast.TransactionStmt as TransactionStmt | undefined)?.kind;
}

/**
 * For each statement, the id of the transaction it runs in when the migration is applied:
 * equal ids for statements whose locks are held together until the same commit. Ids increase
 * along the run.
 *
 * @example
 * ```ts
 * transactionIds(statements); // [0, 0, 0, 1, 2, 3] for a 3-statement file then a no-transaction file
 * ```
 */
export function transactionIds(statements: readonly ParsedStatement[]): number[] {
  const ids = new Array<number>(statements.length);
  let id = -1;
  let file: string | null | undefined;
  let inBlock = false;
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i] as ParsedStatement;
    const newSource = i === 0 || s.file !== file || s.noTransaction !== (statements[i - 1] as ParsedStatement).noTransaction;
    file = s.file;
    if (!s.noTransaction) {
      if (newSource) id++;
      inBlock = false;
      ids[i] = id;
      continue;
    }
    if (newSource) inBlock = false;
    // Autocommit: a statement is its own transaction unless an explicit block is open.
    if (!inBlock) id++;
    const kind = transactionKind(s);
    if (kind !== undefined && OPENS.has(kind)) inBlock = true;
    else if (kind !== undefined && CLOSES.has(kind)) inBlock = false;
    ids[i] = id;
  }
  return ids;
}
