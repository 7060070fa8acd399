import { isConfitureError, type ConfitureError } from '@confiture/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureParser } from './parser.js';
import { splitStatements, splitStatementsSync } from './split.js';

beforeAll(async () => {
  await ensureParser();
});

function split(sql: string, file: string | null = 'db/up.sql') {
  return splitStatementsSync([{ file, sql }]);
}

async function syntaxError(sql: string, file: string | null = 'db/up.sql'): Promise<ConfitureError> {
  try {
    await splitStatements([{ file, sql }]);
  } catch (error) {
    if (isConfitureError(error)) return error;
    throw error;
  }
  throw new Error('expected a syntax error');
}

describe('splitStatements', () => {
  it('cuts statements with their file, line, column, end line, offsets, text and node type', async () => {
    const sql = 'CREATE TABLE a (id int);\n\n  ALTER TABLE a\n    ADD COLUMN b text;\nSELECT 1';
    const statements = await splitStatements([{ file: 'db/up.sql', sql }]);
    expect(statements.map((s) => [s.index, s.file, s.line, s.column, s.endLine, s.nodeType, s.sql])).toEqual([
      [0, 'db/up.sql', 1, 1, 1, 'CreateStmt', 'CREATE TABLE a (id int)'],
      [1, 'db/up.sql', 3, 3, 4, 'AlterTableStmt', 'ALTER TABLE a\n    ADD COLUMN b text'],
      [2, 'db/up.sql', 5, 1, 5, 'SelectStmt', 'SELECT 1'],
    ]);
    for (const s of statements) expect(sql.slice(s.startOffset, s.endOffset)).toBe(s.sql);
    expect(statements[1]?.ast).toHaveProperty('AlterTableStmt');
  });

  it('starts a statement at its first token, after line, block and nested block comments', () => {
    const sql = '-- header\n/* block /* nested */ still comment */\n  -- more\n  DROP TABLE x;';
    const [s] = split(sql);
    expect([s?.line, s?.column, s?.sql]).toEqual([4, 3, 'DROP TABLE x']);
  });

  it('keeps semicolons inside dollar quotes, strings and quoted identifiers in their statement', () => {
    const sql = "DO $body$ BEGIN PERFORM 1; PERFORM 2; END $body$;\nSELECT 'a;b', \"c;d\" FROM t;\nSELECT $$x;y$$";
    const statements = split(sql);
    expect(statements.map((s) => s.nodeType)).toEqual(['DoStmt', 'SelectStmt', 'SelectStmt']);
    expect(statements[0]?.sql).toBe('DO $body$ BEGIN PERFORM 1; PERFORM 2; END $body$');
    expect(statements[1]?.line).toBe(2);
    expect(statements[2]?.sql).toBe('SELECT $$x;y$$');
  });

  it('converts byte offsets to characters for multi-byte text (accents, emoji, CJK)', () => {
    const sql = "SELECT 'crème brûlée 😀';\nSELECT '日本語' AS \"列\";\n  UPDATE t SET v = 'é' WHERE k = '😀😀';";
    const statements = split(sql);
    expect(statements.map((s) => s.sql)).toEqual(["SELECT 'crème brûlée 😀'", 'SELECT \'日本語\' AS "列"', "UPDATE t SET v = 'é' WHERE k = '😀😀'"]);
    expect(statements.map((s) => [s.line, s.column])).toEqual([
      [1, 1],
      [2, 1],
      [3, 3],
    ]);
    for (const s of statements) expect(sql.slice(s.startOffset, s.endOffset)).toBe(s.sql);
  });

  it('gives each statement its byte offset so parse-tree locations can be mapped back', () => {
    const sql = "SELECT 'é';\nALTER TABLE t ADD COLUMN c int";
    const [, alter] = split(sql);
    expect(alter?.startByte).toBe(Buffer.byteLength("SELECT 'é';\n"));
  });

  it('drops a comment that trails the last statement when it has no semicolon', () => {
    const [s] = split('SELECT 1 -- trailing\n/* and this */\n');
    expect(s?.sql).toBe('SELECT 1');
    const [t] = split("SELECT '--not a comment' -- but this is");
    expect(t?.sql).toBe("SELECT '--not a comment'");
  });

  it('returns no statement for empty, whitespace-only and comment-only input, and for lone semicolons', async () => {
    expect(await splitStatements([{ file: 'a.sql', sql: '' }])).toEqual([]);
    expect(await splitStatements([{ file: 'a.sql', sql: '  \n\t ' }])).toEqual([]);
    expect(await splitStatements([{ file: 'a.sql', sql: '-- nothing\n/* at all */' }])).toEqual([]);
    expect(split(';;;').length).toBe(0);
  });

  it('numbers statements across several sources in order', () => {
    const statements = splitStatementsSync([
      { file: 'a.sql', sql: 'SELECT 1; SELECT 2;' },
      { file: 'b.sql', sql: '' },
      { file: null, sql: 'SELECT 3' },
    ]);
    expect(statements.map((s) => [s.index, s.file, s.sql])).toEqual([
      [0, 'a.sql', 'SELECT 1'],
      [1, 'a.sql', 'SELECT 2'],
      [2, null, 'SELECT 3'],
    ]);
  });

  it('reports a syntax error with file:line:column, the parser message and a hint', async () => {
    const error = await syntaxError('SELECT 1;\nCREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN;\n');
    expect(error.code).toBe('CONFITURE_SQL_SYNTAX');
    expect(error.location).toEqual({ file: 'db/up.sql', line: 3, column: 25 });
    expect(error.where).toBe('db/up.sql:3:25');
    expect(error.message).toContain('db/up.sql:3:25');
    expect(error.message).toContain('syntax error at or near ";"');
    expect(error.hint).toMatch(/nothing was executed/);
  });

  it('locates syntax errors after multi-byte characters by character, not byte', async () => {
    // PostgreSQL reports the position in characters: the emoji is one, JavaScript counts two.
    const error = await syntaxError("SELECT '😀é';\nSELECT 'ü' FROMM t;");
    expect(error.message).toContain('at or near "t"');
    expect(error.location).toEqual({ file: 'db/up.sql', line: 2, column: 18 });
    const sameLine = await syntaxError("SELECT '😀😀' FROMM t");
    expect(sameLine.location).toEqual({ file: 'db/up.sql', line: 1, column: 21 });
  });

  it('locates an unterminated string and an error at end of input', async () => {
    const unterminated = await syntaxError("SELECT 1;\n  SELECT 'abc");
    expect(unterminated.location).toMatchObject({ line: 2, column: 10 });
    expect(unterminated.message).toContain('unterminated quoted string');
    const end = await syntaxError('CREATE TABLE t (id int');
    expect(end.message).toContain('syntax error at end of input');
    expect(end.location).toMatchObject({ line: 1, column: 23 });
  });

  it('says "the SQL" with line and column for inline SQL', async () => {
    const error = await syntaxError('SELEC 1', null);
    expect(error.message).toContain('the SQL (line 1, column 1)');
    expect(error.location).toEqual({ line: 1, column: 1 });
  });
});
