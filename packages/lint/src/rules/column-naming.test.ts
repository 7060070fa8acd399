import { useTestDatabase } from '@confiture/test-utils';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { columnNaming } from './column-naming.js';
import { objects, runRule, snapshotFromSql } from './test-helpers/index.js';

const db = useTestDatabase('lint_cnm');
let client: pg.Client;
beforeAll(async () => {
  client = await db.current.client();
});

describe('column-naming', () => {
  it('reports columns outside the case convention', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'cnm_case',
      `create table people (id int primary key, "firstName" text, last_name text, "Email Address" text, address_line1 text);`,
    );
    const run = await runRule(columnNaming, snapshot);
    expect(objects(run)).toEqual(['cnm_case.people.Email Address', 'cnm_case.people.firstName']);
    expect(run.findings.find((f) => f.column === 'firstName')).toMatchObject({
      message: 'Column cnm_case.people.firstName is not snake_case.',
      fix: 'ALTER TABLE cnm_case.people RENAME COLUMN "firstName" TO first_name;',
      table: 'cnm_case.people',
    });
    const camel = await runRule(columnNaming, snapshot, { case: 'camel' });
    expect(objects(camel)).toEqual(['cnm_case.people.Email Address', 'cnm_case.people.address_line1', 'cnm_case.people.last_name']);
  });

  it('reports the primary key named against the majority, but not natural keys', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'cnm_pk',
      `create table customers (id bigint primary key);
       create table orders (id bigint primary key);
       create table products (id uuid primary key);
       create table invoices (invoice_id bigint primary key);
       create table countries (code text primary key);
       create table order_lines (order_id bigint, line_no int, primary key (order_id, line_no));`,
    );
    const run = await runRule(columnNaming, snapshot);
    expect(objects(run)).toEqual(['cnm_pk.invoices.invoice_id']);
    expect(run.findings[0]).toMatchObject({
      message: 'Column cnm_pk.invoices.invoice_id is the primary key but 3 of 4 surrogate primary keys are named id.',
      fix: 'ALTER TABLE cnm_pk.invoices RENAME COLUMN invoice_id TO id;',
    });
    const tableId = await runRule(columnNaming, snapshot, { primaryKey: '<table>_id' });
    expect(tableId.findings.map((f) => f.fix).sort()).toEqual([
      'ALTER TABLE cnm_pk.customers RENAME COLUMN id TO customer_id;',
      'ALTER TABLE cnm_pk.orders RENAME COLUMN id TO order_id;',
      'ALTER TABLE cnm_pk.products RENAME COLUMN id TO product_id;',
    ]);
    expect((await runRule(columnNaming, snapshot, { primaryKey: 'any' })).findings).toEqual([]);
  });

  it('reports a reference that names its table in another form, not role names', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'cnm_fk',
      `create table customers (id bigint primary key, email text unique);
       create table employees (id bigint primary key, reports_to bigint references employees);
       create table orders (
         id bigint primary key,
         customerid bigint references customers,
         fk_customer bigint references customers,
         billing_customer_id bigint references customers,
         customers_id bigint references customers,
         customer_email text references customers (email),
         sold_by bigint references employees,
         employee_id bigint references employees
       );`,
    );
    const run = await runRule(columnNaming, snapshot);
    expect(objects(run)).toEqual(['cnm_fk.orders.customerid', 'cnm_fk.orders.fk_customer']);
    expect(run.findings.find((f) => f.column === 'customerid')).toMatchObject({
      message: 'Column cnm_fk.orders.customerid references cnm_fk.customers.id but is not named <table>_id (e.g. customer_id).',
      fix: 'ALTER TABLE cnm_fk.orders RENAME COLUMN customerid TO customer_id;',
    });
    expect((await runRule(columnNaming, snapshot, { foreignKey: 'any' })).findings).toEqual([]);
  });
});
