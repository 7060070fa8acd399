// Building the SQL of a suggested fix from the statement's own text: the lexer finds token
// positions, so keywords are inserted and clauses copied without guessing at SQL syntax.
import { scanTokens, type Token } from '../parse/parser.js';
import type { ParsedStatement } from '../types.js';
import { Utf8Offsets } from '../parse/utf8-offsets.js';

const tokenCache = new WeakMap<ParsedStatement, { tokens: Token[]; offsets: Utf8Offsets }>();

function lexed(statement: ParsedStatement): { tokens: Token[]; offsets: Utf8Offsets } {
  let entry = tokenCache.get(statement);
  if (!entry) {
    let tokens: Token[] = [];
    try {
      tokens = scanTokens(statement.sql).filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT');
    } catch {
      tokens = [];
    }
    entry = { tokens, offsets: new Utf8Offsets(statement.sql) };
    tokenCache.set(statement, entry);
  }
  return entry;
}

/** Character offset in `statement.sql` of a parse-tree `location` (a byte offset in the source). */
export function charOffsetOf(statement: ParsedStatement, location: number | undefined): number | undefined {
  if (location === undefined || statement.startByte === undefined) return undefined;
  const inStatement = location - statement.startByte;
  if (inStatement < 0) return undefined;
  return new Utf8Offsets(statement.sql).toChar(inStatement);
}

/**
 * The text of the clause starting at a parse-tree location, up to the next comma at the same
 * parenthesis depth (or the end of the statement), e.g. one constraint of an ALTER TABLE.
 */
export function clauseAt(statement: ParsedStatement, location: number | undefined): string | undefined {
  if (location === undefined || statement.startByte === undefined) return undefined;
  const { tokens, offsets } = lexed(statement);
  const startByte = location - statement.startByte;
  let depth = 0;
  let startIndex = -1;
  for (let i = 0; i < tokens.length; i++) {
    if ((tokens[i] as Token).start >= startByte) {
      startIndex = i;
      break;
    }
  }
  if (startIndex < 0) return undefined;
  let endByte = (tokens[tokens.length - 1] as Token).end;
  for (let i = startIndex; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.text === '(') depth++;
    else if (t.text === ')') {
      if (depth === 0) {
        endByte = (tokens[i - 1] as Token).end;
        break;
      }
      depth--;
    } else if (t.text === ',' && depth === 0) {
      endByte = (tokens[i - 1] as Token).end;
      break;
    }
  }
  const from = offsets.toChar((tokens[startIndex] as Token).start);
  const to = offsets.toChar(endByte);
  return statement.sql.slice(from, to);
}

// Keywords that end a column default expression inside a column definition.
const AFTER_EXPRESSION = new Set(['not', 'null', 'constraint', 'check', 'references', 'unique', 'primary', 'collate', 'generated', 'default', 'deferrable', 'initially']);

/** The text of an expression starting at a parse-tree location, e.g. a column default. */
export function expressionAt(statement: ParsedStatement, location: number | undefined): string | undefined {
  if (location === undefined || statement.startByte === undefined) return undefined;
  const { tokens, offsets } = lexed(statement);
  const startByte = location - statement.startByte;
  const startIndex = tokens.findIndex((t) => t.start >= startByte);
  if (startIndex < 0) return undefined;
  let depth = 0;
  let last = startIndex;
  for (let i = startIndex; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const word = t.text.toLowerCase();
    if (depth === 0 && (t.text === ',' || t.text === ')' || t.text === ';' || (i > startIndex && t.keywordName !== 'NO_KEYWORD' && AFTER_EXPRESSION.has(word)))) break;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    last = i;
  }
  return statement.sql.slice(offsets.toChar((tokens[startIndex] as Token).start), offsets.toChar((tokens[last] as Token).end));
}

/**
 * The statement text with `insert` added after the first occurrence of a keyword sequence,
 * e.g. `CONCURRENTLY` after `CREATE ... INDEX`. Undefined when the keywords are not found.
 */
export function insertAfterKeywords(statement: ParsedStatement, keywords: readonly string[], insert: string): string | undefined {
  const { tokens, offsets } = lexed(statement);
  outer: for (let i = 0; i + keywords.length <= tokens.length; i++) {
    for (let k = 0; k < keywords.length; k++) {
      if ((tokens[i + k] as Token).text.toLowerCase() !== keywords[k]) continue outer;
    }
    const at = offsets.toChar((tokens[i + keywords.length - 1] as Token).end);
    return `${statement.sql.slice(0, at)} ${insert}${statement.sql.slice(at)}`;
  }
  return undefined;
}

const SIMPLE_IDENT = /^[a-z_][a-z0-9_$]*$/;
const RESERVED = new Set([
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'both', 'case', 'cast', 'check', 'collate', 'column',
  'constraint', 'create', 'current_catalog', 'current_date', 'current_role', 'current_time', 'current_timestamp', 'current_user',
  'default', 'deferrable', 'desc', 'distinct', 'do', 'else', 'end', 'except', 'false', 'fetch', 'for', 'foreign', 'from', 'grant',
  'group', 'having', 'in', 'initially', 'intersect', 'into', 'lateral', 'leading', 'limit', 'localtime', 'localtimestamp', 'not',
  'null', 'offset', 'on', 'only', 'or', 'order', 'placing', 'primary', 'references', 'returning', 'select', 'session_user', 'some',
  'symmetric', 'system_user', 'table', 'then', 'to', 'trailing', 'true', 'union', 'unique', 'user', 'using', 'variadic', 'when',
  'where', 'window', 'with', 'user',
]);

/** Quotes an identifier for SQL when needed. */
export function quoteIdent(name: string): string {
  return SIMPLE_IDENT.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** `schema.name` -> quoted SQL name. */
export function sqlName(key: string): string {
  const dot = key.indexOf('.');
  if (dot < 0) return quoteIdent(key);
  return `${quoteIdent(key.slice(0, dot))}.${quoteIdent(key.slice(dot + 1))}`;
}

/** The name PostgreSQL gives an unnamed constraint: `table_col1_col2_suffix`, cut to 63 bytes. */
export function defaultConstraintName(table: string, columns: readonly string[], suffix: string): string {
  const base = [table, ...columns].join('_');
  const room = 63 - suffix.length - 1;
  return `${base.length > room ? base.slice(0, room) : base}_${suffix}`;
}
