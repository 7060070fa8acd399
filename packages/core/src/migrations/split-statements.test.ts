import { describe, expect, it } from 'vitest';
import { splitStatements } from './split-statements.js';

const texts = (sql: string): string[] => splitStatements(sql).map((s) => s.text);

describe('splitStatements', () => {
  it('splits on top-level semicolons and keeps the offsets of each statement', () => {
    const sql = 'create table a (id int);\n  create index on a (id);\nselect 1';
    const statements = splitStatements(sql);
    expect(statements.map((s) => s.text)).toEqual(['create table a (id int);', 'create index on a (id);', 'select 1']);
    expect(statements.map((s) => sql.slice(s.start, s.end))).toEqual(statements.map((s) => s.text));
    expect(statements[1]!.start).toBe(sql.indexOf('create index'));
    expect(statements.map((s) => s.firstWord)).toEqual(['create', 'create', 'select']);
  });

  it('ignores semicolons in strings, quoted identifiers and comments', () => {
    expect(
      texts(`insert into t values ('a;b', 'it''s;'); select ";" from "x;y"; -- c;omment
select 2 /* block; /* nested; */ still; */ + 1;`),
    ).toEqual([`insert into t values ('a;b', 'it''s;');`, 'select ";" from "x;y";', 'select 2 /* block; /* nested; */ still; */ + 1;']);
  });

  it('understands backslash escapes in E strings only', () => {
    expect(texts(`select E'it\\'s;'; select 'back\\'; select 3;`)).toEqual([`select E'it\\'s;';`, `select 'back\\';`, 'select 3;']);
  });

  it('keeps dollar-quoted bodies whole, with or without tag, and tells $1 parameters apart', () => {
    const fn = `create function f() returns int language plpgsql as $body$ begin perform 1; return $$x;$$::text::int; end $body$;`;
    expect(texts(`${fn}\nprepare p as select $1; select $$a;b$$;`)).toEqual([fn, 'prepare p as select $1;', 'select $$a;b$$;']);
  });

  it('keeps BEGIN ATOMIC bodies whole, including CASE ... END inside them', () => {
    const proc = `create or replace procedure p(a int) language sql begin atomic
  insert into t values (case when a > 0 then a else 0 end);
  insert into t values (2);
end;`;
    const fn = `CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;`;
    expect(texts(`${proc}\n${fn}\nselect case when true then 1 end;`)).toEqual([proc, fn, 'select case when true then 1 end;']);
  });

  it('treats BEGIN and END as transaction statements outside routine bodies', () => {
    expect(texts('begin; create table t (id int); end;')).toEqual(['begin;', 'create table t (id int);', 'end;']);
  });

  it('drops statements made only of comments and blanks, and skips parenthesised semicolons', () => {
    expect(texts('-- header\n\n;  ;/* x */')).toEqual([]);
    expect(texts('-- only a comment\n')).toEqual([]);
    expect(texts('select (1;2); select 3')).toEqual(['select (1;2);', 'select 3']);
  });

  it('does not take identifiers containing $ for dollar quotes', () => {
    expect(texts('select a$b$ from t; select 2;')).toEqual(['select a$b$ from t;', 'select 2;']);
  });
});
