import { loadModule, parsePlPgSQLSync, parseSync, scanSync } from 'libpg-query';

// libpg-query's sync functions need its WASM module instantiated first; the promise is shared so
// concurrent callers wait for the same load.
let loading: Promise<void> | undefined;
let ready = false;

/**
 * Loads the PostgreSQL parser (WebAssembly) once. The synchronous APIs of this package
 * (`splitStatementsSync`, `classifyStatement`...) need it; the async ones call it themselves.
 *
 * @example
 * ```ts
 * await ensureParser();
 * const statements = splitStatementsSync([{ file: 'up.sql', sql }]);
 * ```
 */
export async function ensureParser(): Promise<void> {
  if (ready) return;
  loading ??= loadModule().then(() => {
    ready = true;
  });
  await loading;
}

function assertReady(): void {
  if (!ready) {
    throw new Error('The SQL parser is not loaded: await ensureParser() before calling the synchronous API.');
  }
}

/** One raw statement as libpg-query returns it: byte offsets, `stmt_location` omitted when 0. */
export interface RawStatement {
  readonly stmt: Record<string, unknown>;
  readonly stmt_location?: number;
  readonly stmt_len?: number;
}

/** Parses a whole SQL text in one call (the caller handles the error). */
export function parseRaw(sql: string): RawStatement[] {
  assertReady();
  const result = parseSync(sql) as unknown as { stmts?: RawStatement[] };
  return result.stmts ?? [];
}

/** Parses the PL/pgSQL body of a `DO` or `CREATE FUNCTION/PROCEDURE` statement. */
export function parsePlpgsql(sql: string): unknown {
  assertReady();
  return parsePlPgSQLSync(sql);
}

/** One lexical token, offsets in UTF-8 bytes. */
export interface Token {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly tokenName: string;
  readonly keywordName: string;
}

/** Runs PostgreSQL's lexer over a text (comments come out as `SQL_COMMENT` / `C_COMMENT` tokens). */
export function scanTokens(sql: string): Token[] {
  assertReady();
  return scanSync(sql).tokens;
}
