import { useTestDatabase } from '@confiture/test-utils';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureSequences, readSequences, restoreSequences } from './sequences.js';

const db = useTestDatabase();
let client: pg.Client;

beforeAll(async () => {
  client = await db.current.client();
  await client.query(`
    create schema "Odd Schema";
    create sequence "Odd Schema"."My Seq" start 10;
    create sequence plain_seq;
    select nextval('plain_seq'), nextval('plain_seq');
  `);
});

describe('sequence capture and restore', () => {
  it('reads last_value and is_called of every user sequence, quoted names included', async () => {
    const states = await captureSequences(client);
    expect(states.map((s) => [s.name, s.lastValue, s.isCalled])).toEqual([
      ['Odd Schema.My Seq', '10', false],
      ['public.plain_seq', '2', true],
    ]);
  });

  it('rewinds a sequence still where the run left it', async () => {
    const before = await captureSequences(client);
    await client.query(`select nextval('"Odd Schema"."My Seq"'), nextval('plain_seq')`);
    const end = await readSequences(client, before);
    const result = await restoreSequences(client, before, end);
    expect(result.restored).toEqual(['Odd Schema.My Seq', 'public.plain_seq']);
    expect(await readSequences(client, before)).toEqual(before);
  });

  it('leaves alone a sequence another session moved after the run, and reports it', async () => {
    const before = await captureSequences(client);
    await client.query(`select nextval('plain_seq')`);
    const end = await readSequences(client, before);
    await client.query(`select nextval('plain_seq')`); // someone else, after the run's last read
    const result = await restoreSequences(client, before, end);
    expect(result.restored).toEqual([]);
    expect(result.notRestored).toEqual([{ sequence: 'public.plain_seq', reason: expect.stringMatching(/another session used it/) }]);
    const now = await readSequences(client, before);
    expect(now.find((s) => s.name === 'public.plain_seq')?.lastValue).toBe('4');
  });
});
