import { parsePlpgsql, scanTokens } from '../parse/parser.js';

/** What a PL/pgSQL body (DO block, procedure) does that matters to a rolled-back transaction. */
export interface PlpgsqlFacts {
  /** `COMMIT` / `ROLLBACK` statements found in the body. */
  readonly transactionControl: readonly string[];
  /** Functions the body calls (`schema.name` or `name`), lower-cased as the lexer folds them. */
  readonly calls: readonly { readonly schema: string | null; readonly name: string }[];
  /** True when the body runs dynamic SQL (`EXECUTE`), which cannot be analyzed. */
  readonly dynamicSql: boolean;
  /**
   * False when the PL/pgSQL parser rejected the body and only the lexer was used. True too when
   * the body has none of the keywords the parser is needed for (it is then not run).
   */
  readonly parsed: boolean;
}

function walk(node: unknown, found: { tx: string[]; dynamic: boolean }): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) walk(n, found);
    return;
  }
  for (const key in node as object) {
    if (key === 'PLpgSQL_stmt_commit') found.tx.push('COMMIT');
    else if (key === 'PLpgSQL_stmt_rollback') found.tx.push('ROLLBACK');
    else if (key === 'PLpgSQL_stmt_dynexecute' || key === 'PLpgSQL_stmt_dynfors') found.dynamic = true;
    walk((node as Record<string, unknown>)[key], found);
  }
}

// Function calls are read from the lexer's tokens: a name directly followed by `(`. PL/pgSQL
// keywords that take parentheses are keywords, not identifiers, so they do not match.
function callsIn(body: string): { schema: string | null; name: string }[] {
  let tokens;
  try {
    tokens = scanTokens(body);
  } catch {
    return [];
  }
  const out: { schema: string | null; name: string }[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i] as (typeof tokens)[number];
    const next = tokens[i + 1] as (typeof tokens)[number];
    if (next.text !== '(' || (t.tokenName !== 'IDENT' && t.keywordName !== 'UNRESERVED_KEYWORD' && t.keywordName !== 'COL_NAME_KEYWORD' && t.keywordName !== 'TYPE_FUNC_NAME_KEYWORD')) continue;
    const name = t.tokenName === 'IDENT' ? identText(t.text) : t.text.toLowerCase();
    const dot = tokens[i - 1];
    const schemaToken = tokens[i - 2];
    const schema = dot?.text === '.' && schemaToken?.tokenName === 'IDENT' ? identText(schemaToken.text) : null;
    out.push({ schema, name });
  }
  return out;
}

function identText(text: string): string {
  if (text.startsWith('"') && text.endsWith('"')) return text.slice(1, -1).replace(/""/g, '"');
  return text.toLowerCase();
}

function lexedTransactionControl(body: string): string[] {
  const out: string[] = [];
  try {
    for (const t of scanTokens(body)) {
      const word = t.text.toLowerCase();
      if ((word === 'commit' || word === 'rollback') && t.keywordName !== 'NO_KEYWORD') out.push(word.toUpperCase());
    }
  } catch {
    // not lexable: nothing more to learn
  }
  return out;
}

/**
 * Analyzes a PL/pgSQL body. `statementSql` is the whole `DO` or `CREATE FUNCTION/PROCEDURE`
 * statement (what the PL/pgSQL parser reads), `body` the code between the quotes.
 */
export function analyzePlpgsql(statementSql: string, body: string, options: { calls?: boolean } = {}): PlpgsqlFacts {
  const calls = options.calls === false ? [] : callsIn(body);
  // The PL/pgSQL parser costs several times the SQL parser: a body that does not even contain
  // the words COMMIT, ROLLBACK or EXECUTE cannot hold those statements, so it is not needed.
  const lower = body.toLowerCase();
  if (!lower.includes('commit') && !lower.includes('rollback') && !lower.includes('execute')) {
    return { transactionControl: [], calls, dynamicSql: false, parsed: true };
  }
  const found = { tx: [] as string[], dynamic: false };
  let parsed = true;
  try {
    walk(parsePlpgsql(statementSql), found);
  } catch {
    parsed = false;
    found.tx = lexedTransactionControl(body);
    found.dynamic = scanHasExecute(body);
  }
  return { transactionControl: found.tx, calls, dynamicSql: found.dynamic, parsed };
}

function scanHasExecute(body: string): boolean {
  try {
    return scanTokens(body).some((t) => t.text.toLowerCase() === 'execute' && t.keywordName !== 'NO_KEYWORD');
  } catch {
    return false;
  }
}
