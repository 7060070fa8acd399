import { useTestDatabase } from '@confiture/test-utils';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeFingerprint, fingerprintDifferences } from './fingerprint.js';

const db = useTestDatabase();
let client: pg.Client;
const options = { lockTimeoutMs: 2000 };

beforeAll(async () => {
  client = await db.current.client();
  await client.query(`
    create table people (id serial primary key, name text not null);
    insert into people (name) select 'p' || g from generate_series(1, 50) g;
    create index people_name on people (name);
    create view people_v as select name from people;
    create table big (payload text);
    insert into big select repeat('x', 1000) from generate_series(1, 200);
  `);
});

describe('computeFingerprint', () => {
  it('is identical when nothing changed, and leaves no transaction open', async () => {
    const a = await computeFingerprint(client, options);
    const b = await computeFingerprint(client, options);
    expect(b.hash).toBe(a.hash);
    expect(fingerprintDifferences(a, b)).toEqual([]);
    const { rows } = await client.query('select pg_current_xact_id_if_assigned() as x');
    expect(rows[0].x).toBeNull();
  });

  it('sees a changed row, a new column, a rewrite and a moved sequence, each in its own component', async () => {
    const before = await computeFingerprint(client, options);
    await client.query(`update people set name = 'changed' where id = 3`);
    const afterRow = await computeFingerprint(client, options);
    expect(fingerprintDifferences(before, afterRow)).toEqual(['rows:public.people']);

    await client.query(`alter table people add column age int`);
    const afterColumn = await computeFingerprint(client, options);
    expect(fingerprintDifferences(afterRow, afterColumn)).toContain('catalog:pg_attribute');

    await client.query(`vacuum full people`);
    const afterRewrite = await computeFingerprint(client, options);
    expect(fingerprintDifferences(afterColumn, afterRewrite)).toEqual(['catalog:pg_class']);

    await client.query(`select nextval('people_id_seq')`);
    const afterSeq = await computeFingerprint(client, options);
    expect(fingerprintDifferences(afterRewrite, afterSeq)).toEqual(['sequences']);
  });

  it('skips the row checksum of tables above the size limit and names them', async () => {
    const fp = await computeFingerprint(client, { ...options, maxTableBytes: 16 * 1024 });
    expect(fp.skippedTables).toEqual(['public.big']);
    expect(fp.components['rows:public.big']).toBeUndefined();
    expect(fp.components['rows:public.people']).toMatch(/^50:/);
  });
});
