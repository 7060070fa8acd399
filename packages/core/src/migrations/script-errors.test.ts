import { useTestDatabase } from '@confiture/test-utils';
import { describe, expect, it } from 'vitest';
import { findTransactionControl, positionToIndex, quoteLiteral } from './script-errors.js';
import { splitStatements } from './split-statements.js';

const db = useTestDatabase();

describe('positionToIndex', () => {
  it('counts server positions in code points', () => {
    const text = "select '🎉', x";
    expect(positionToIndex(text, 1)).toBe(0);
    expect(positionToIndex(text, 13)).toBe(text.indexOf('x'));
  });
});

describe('quoteLiteral', () => {
  it('round-trips quotes and backslashes through the server', async () => {
    const client = await db.current.client();
    const value = `it's a \\ path 'quoted' \\\\ é`;
    const { rows } = await client.query(`select ${quoteLiteral(value)} as v, ${quoteLiteral('plain')} as p`);
    expect(rows[0]).toEqual({ v: value, p: 'plain' });
  });
});

describe('findTransactionControl', () => {
  it('finds statements that would end the surrounding transaction, but not savepoint rollbacks', () => {
    const find = (sql: string): string | undefined => findTransactionControl(splitStatements(sql))?.text;
    expect(find('create table t (id int); commit;')).toBe('commit;');
    expect(find('START TRANSACTION; select 1;')).toBe('START TRANSACTION;');
    expect(find('savepoint s; select 1; rollback to savepoint s; release s;')).toBeUndefined();
    expect(find('create procedure p() language sql begin atomic select 1; end;')).toBeUndefined();
  });
});
