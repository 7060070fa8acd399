import { useTestDatabase } from '@confiture/test-utils';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { grammaticalNumber, pluralize, singularize } from './lib/words.js';
import { tableNaming } from './table-naming.js';
import { objects, runRule, snapshotFromSql } from './test-helpers/index.js';

const db = useTestDatabase('lint_tnm');
let client: pg.Client;
beforeAll(async () => {
  client = await db.current.client();
});

describe('table-naming', () => {
  it('reports the singular minority among plural tables, with a rename', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'tnm_plural',
      `create table customers (id int); create table orders (id int); create table order_details (id int);
       create table categories (id int); create table addresses (id int); create table employee_territories (id int);
       create table region (id int); create table customer_demo (id int);
       -- words that are fine either way, and a tool-owned table
       create table data (id int); create table status (id int); create table news (id int); create table user_metadata (id int);
       create table trivia (id int); create table schema_migrations (version text);
       -- partitions follow their parent's name
       create table payments (id int, at date) partition by range (at);
       create table payment_2024 partition of payments for values from ('2024-01-01') to ('2025-01-01');`,
    );
    const run = await runRule(tableNaming, snapshot);
    expect(objects(run)).toEqual(['tnm_plural.customer_demo', 'tnm_plural.region', 'tnm_plural.trivia']);
    const region = run.findings.find((f) => f.object === 'tnm_plural.region');
    expect(region?.message).toBe('Table name tnm_plural.region is singular while 7 of 10 tables with a clearly singular or plural name are plural.');
    expect(region?.fix).toBe('ALTER TABLE tnm_plural.region RENAME TO regions;');
    expect(run.findings.find((f) => f.object === 'tnm_plural.customer_demo')?.fix).toBe('ALTER TABLE tnm_plural.customer_demo RENAME TO customer_demos;');

    // The allowlist covers words the inflector gets wrong (trivia is already plural).
    const allowed = await runRule(tableNaming, snapshot, { allow: ['trivia'] });
    expect(objects(allowed)).toEqual(['tnm_plural.customer_demo', 'tnm_plural.region']);
  });

  it('checks the case convention, and the configured number regardless of the majority', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'tnm_case',
      `create table "OrderLines" (id int); create table "invoiceItems" (id int); create table users (id int); create table accounts (id int);
       create table payment_2024_01 (id int);`,
    );
    const snake = await runRule(tableNaming, snapshot);
    expect(objects(snake)).toEqual(['tnm_case.OrderLines', 'tnm_case.invoiceItems']);
    expect(snake.findings.find((f) => f.object === 'tnm_case.OrderLines')).toMatchObject({
      message: 'Table name tnm_case.OrderLines is not snake_case.',
      fix: 'ALTER TABLE tnm_case."OrderLines" RENAME TO order_lines;',
    });

    const singular = await runRule(tableNaming, snapshot, { case: 'camel', plurality: 'singular' });
    const fixes = new Map(singular.findings.map((f) => [f.object, f.fix]));
    expect(Object.fromEntries(fixes)).toEqual({
      'tnm_case.OrderLines': 'ALTER TABLE tnm_case."OrderLines" RENAME TO "orderLine";',
      'tnm_case.invoiceItems': 'ALTER TABLE tnm_case."invoiceItems" RENAME TO "invoiceItem";',
      // "user" is a reserved word: quoted.
      'tnm_case.users': 'ALTER TABLE tnm_case.users RENAME TO "user";',
      'tnm_case.accounts': 'ALTER TABLE tnm_case.accounts RENAME TO account;',
      'tnm_case.payment_2024_01': 'ALTER TABLE tnm_case.payment_2024_01 RENAME TO payment202401;',
    });
    expect(singular.findings.find((f) => f.object === 'tnm_case.users')?.message).toBe('Table name tnm_case.users is plural while the configured convention is singular.');

    const anyNumber = await runRule(tableNaming, snapshot, { plurality: 'any' });
    expect(objects(anyNumber)).toEqual(['tnm_case.OrderLines', 'tnm_case.invoiceItems']);
  });

  it('stays silent on plurality when there is no majority', async () => {
    const snapshot = await snapshotFromSql(client, 'tnm_tie', `create table user_account (id int); create table orders (id int); create table staff (id int);`);
    const run = await runRule(tableNaming, snapshot);
    expect(run.findings).toEqual([]);
    expect(tableNaming.validateOptions?.({ plurality: 'mostly' })).toEqual([expect.objectContaining({ path: 'plurality' })]);
  });
});

describe('the inflector', () => {
  it('knows plurals, singulars and the words that are both', () => {
    const cases: Array<[string, string]> = [
      ['users', 'plural'], ['categories', 'plural'], ['addresses', 'plural'], ['people', 'plural'], ['menus', 'plural'],
      ['user', 'singular'], ['address', 'singular'], ['analysis', 'neutral'], ['status', 'neutral'], ['bus', 'neutral'],
      ['campus', 'singular'], ['alias', 'singular'], ['person', 'singular'], ['data', 'neutral'], ['series', 'neutral'],
      ['species', 'neutral'], ['sms', 'neutral'], ['2024', 'neutral'],
    ];
    for (const [word, expected] of cases) expect([word, grammaticalNumber(word)]).toEqual([word, expected]);
    expect(['category', 'box', 'address', 'person', 'day', 'status'].map(pluralize)).toEqual(['categories', 'boxes', 'addresses', 'people', 'days', 'statuses']);
    expect(['categories', 'boxes', 'addresses', 'people', 'movies', 'statuses', 'orders', 'courses'].map(singularize)).toEqual([
      'category', 'box', 'address', 'person', 'movie', 'status', 'order', 'course',
    ]);
  });
});
