import { useTestDatabase } from '@confiture/test-utils';
import { describe, expect, it } from 'vitest';
import { isConfitureError } from '../errors.js';
import { connectPostgres } from './postgres.js';

const db = useTestDatabase();

describe('connectPostgres', () => {
  it('runs queries and scripts on a real server', async () => {
    const connection = await connectPostgres(db.current.url);
    try {
      await connection.exec('create table t (id int); insert into t values (1), (2);');
      const { rows, rowCount } = await connection.query<{ n: number }>('select count(*)::int as n from t');
      expect(rows[0]?.n).toBe(2);
      expect(rowCount).toBe(1);
      expect(connection.kind).toBe('postgres');
    } finally {
      await connection.close();
    }
  });

  it('names host and port and hides the password when the server is unreachable', async () => {
    const error = await connectPostgres('postgres://app:topsecret@127.0.0.1:1/app', { connectTimeoutMs: 2000 }).catch((e: unknown) => e);
    expect(isConfitureError(error)).toBe(true);
    if (!isConfitureError(error)) return;
    expect(error.code).toBe('CONFITURE_CONNECTION_FAILED');
    expect(error.category).toBe('connection');
    expect(error.message).toContain('127.0.0.1:1');
    expect(JSON.stringify(error.toJSON())).not.toContain('topsecret');
    expect(error.message).not.toContain('topsecret');
  });

  it('turns a URL the driver cannot parse into a connection error, not a crash', async () => {
    const error = await connectPostgres('postgres://app:topsecret@127.0.0.1:99999/app').catch((e: unknown) => e);
    expect(isConfitureError(error)).toBe(true);
    if (!isConfitureError(error)) return;
    expect(error.code).toBe('CONFITURE_CONNECTION_FAILED');
    expect(error.message).toMatch(/^The database URL postgres:\/\/app:\*\*\*@127\.0\.0\.1:99999\/app cannot be parsed: /);
    expect(JSON.stringify({ message: error.message, hint: error.hint, ...error.toJSON() })).not.toContain('topsecret');
  });
});
