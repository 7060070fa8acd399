import { describe, expect, it } from 'vitest';
import { errorLocation } from './error-location.js';
import { maskQuery } from './lock-holders.js';

describe('errorLocation', () => {
  const statement = { file: 'm.sql', line: 10, column: 5, sql: "select a,\n  😀b, 'x' from t" };

  it('adds a first-line position to the statement column', () => {
    expect(errorLocation(statement, 8)).toEqual({ file: 'm.sql', line: 10, column: 12 });
  });

  it('counts characters like PostgreSQL on later lines, astral ones once', () => {
    // Position 14 is "b" (the emoji is one character for PostgreSQL, two UTF-16 units here).
    expect(errorLocation(statement, 14)).toEqual({ file: 'm.sql', line: 11, column: 5 });
  });

  it('falls back to the statement start without a position', () => {
    expect(errorLocation(statement, undefined)).toEqual({ file: 'm.sql', line: 10, column: 5 });
  });
});

describe('maskQuery', () => {
  it('masks password literals and URL passwords, and shortens', () => {
    expect(maskQuery("ALTER ROLE app PASSWORD 'hunter2'")).toBe("ALTER ROLE app PASSWORD '***'");
    expect(maskQuery("select dblink_connect('postgres://u:s3cret@db/x')")).toBe("select dblink_connect('postgres://u:***@db/x')");
    expect(maskQuery('select 1\n   from   t')).toBe('select 1 from t');
    expect(maskQuery(`select '${'x'.repeat(400)}'`)?.length).toBe(200);
    expect(maskQuery(null)).toBeNull();
  });
});
