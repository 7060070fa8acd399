import { beforeAll, describe, expect, it } from 'vitest';
import { LineIndex } from './line-index.js';
import { loadSqlParser, parseSqlFile } from './parse-sql-file.js';
import { findSuppressions } from './suppressions.js';

beforeAll(async () => {
  await loadSqlParser();
});

const suppressionsOf = (text: string) => findSuppressions(parseSqlFile('db/schema/t.sql', text));

describe('LineIndex', () => {
  it('maps UTF-8 byte offsets to lines and UTF-16 columns', () => {
    const text = 'é\n😀 x\nabc';
    const index = new LineIndex(text);
    expect(index.position(0)).toEqual({ line: 1, column: 1 });
    expect(index.position(3)).toEqual({ line: 2, column: 1 });
    // 😀 is 4 bytes and 2 UTF-16 units; x follows a space.
    expect(index.position(3 + 4 + 1)).toEqual({ line: 2, column: 4 });
    expect(index.position(Buffer.byteLength(text))).toEqual({ line: 3, column: 4 });
  });
});

describe('parseSqlFile', () => {
  it('gives each statement its first and last line, skipping leading comments', () => {
    const file = parseSqlFile('a.sql', '-- header\n\ncreate table a (\n  id int\n);\n/* note */ create index on a (id);\n');
    expect(file.statements.map((s) => [s.type, s.line, s.column, s.endLine])).toEqual([
      ['CreateStmt', 3, 1, 5],
      ['IndexStmt', 6, 12, 6],
    ]);
    expect(file.errors).toEqual([]);
  });

  it('keeps the statements around one it cannot parse', () => {
    const file = parseSqlFile('a.sql', 'create table a (id int);\ncreate tabel b (id int);\ncreate table c (id int);\n');
    expect(file.errors).toHaveLength(1);
    expect(file.statements.map((s) => [s.type, s.line])).toEqual([
      ['CreateStmt', 1],
      ['CreateStmt', 3],
    ]);
  });

  it('does not split on semicolons inside dollar-quoted bodies', () => {
    const file = parseSqlFile('f.sql', 'create function f() returns int language plpgsql as $$\nbegin\n  return 1;\nend $$;\nselect 1;\n');
    expect(file.statements.map((s) => [s.type, s.line, s.endLine])).toEqual([
      ['CreateFunctionStmt', 1, 4],
      ['SelectStmt', 5, 5],
    ]);
  });
});

describe('inline suppressions', () => {
  it('covers the statement right below, through its last line', () => {
    expect(suppressionsOf('-- confiture-lint-ignore missing-primary-key append-only log\ncreate table log (\n  at timestamptz\n);\n')).toEqual([
      { file: 'db/schema/t.sql', line: 1, rules: ['missing-primary-key'], reason: 'append-only log', target: { startLine: 2, endLine: 4 } },
    ]);
  });

  it('reads several rules, with or without spaces after commas, and strips a separator before the reason', () => {
    const [a, b] = suppressionsOf(
      '-- confiture-lint-ignore pii-column,hardcoded-secret -- fixture data\nselect 1;\n--confiture-lint-ignore table-naming, column-naming: legacy names\nselect 2;\n',
    );
    expect(a).toMatchObject({ rules: ['pii-column', 'hardcoded-secret'], reason: 'fixture data' });
    expect(b).toMatchObject({ rules: ['table-naming', 'column-naming'], reason: 'legacy names', target: { startLine: 4, endLine: 4 } });
  });

  it('allows other comment lines in between but not a blank line', () => {
    const [stacked, blank] = suppressionsOf(
      '-- confiture-lint-ignore orphaned-table standalone settings\n-- Settings of the app.\ncreate table settings (k text);\n-- confiture-lint-ignore orphaned-table standalone\n\ncreate table t (k text);\n',
    );
    expect(stacked?.target).toEqual({ startLine: 3, endLine: 3 });
    expect(blank?.target).toBeNull();
  });

  it('covers one line when placed inside a statement, or trailing a line', () => {
    const [inside, trailing, trailingStatement] = suppressionsOf(
      'create table users (\n  id int primary key,\n  -- confiture-lint-ignore pii-column hashed upstream\n  email text,\n  phone text -- confiture-lint-ignore pii-column fake numbers\n);\ncreate table t (a int); -- confiture-lint-ignore missing-primary-key scratch table\n',
    );
    expect(inside?.target).toEqual({ startLine: 4, endLine: 4 });
    expect(trailing?.target).toEqual({ startLine: 5, endLine: 5 });
    expect(trailingStatement?.target).toEqual({ startLine: 7, endLine: 7 });
  });

  it('keeps a directive without reason or rules, to be reported', () => {
    const [noReason, noRules] = suppressionsOf('-- confiture-lint-ignore missing-fk-index\nselect 1;\n-- confiture-lint-ignore\nselect 2;\n');
    expect(noReason).toMatchObject({ rules: ['missing-fk-index'], reason: null });
    expect(noRules).toMatchObject({ rules: [], reason: null });
  });

  it('ignores ordinary comments and look-alikes', () => {
    expect(suppressionsOf('-- confiture-lint-ignored stuff\n/* confiture-lint-ignore x y */\nselect 1;\n')).toEqual([]);
  });
});
