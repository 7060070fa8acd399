import { useTestDatabase } from '@confiture/test-utils';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { piiColumn } from './pii-column.js';
import { objects, runRule, snapshotFromSql } from './test-helpers/index.js';

const db = useTestDatabase('lint_pii');
let client: pg.Client;
beforeAll(async () => {
  client = await db.current.client();
});

describe('pii-column', () => {
  it('matches personal data by column name and type, not look-alikes', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'pii_names',
      `create table customers (
         id bigint primary key, name text,
         email text, email_verified boolean, email_verified_at timestamptz, email_template text, hashed_email text,
         "mobilePhone" text, birth_date date, ssn text, card_number text, billing_address text, address_line2 text,
         ip_address inet, mac_address text, first_name text, last_login timestamptz, postal_code text, password_hash text
       );`,
    );
    const run = await runRule(piiColumn, snapshot);
    expect(run.findings.map((f) => f.column).sort()).toEqual([
      'address_line2', 'billing_address', 'birth_date', 'card_number', 'email', 'first_name', 'ip_address', 'mobilePhone', 'postal_code', 'ssn',
    ]);
    expect(run.findings.find((f) => f.column === 'email')).toMatchObject({
      object: 'pii_names.customers.email',
      objectKind: 'column',
      table: 'pii_names.customers',
      message: 'Column pii_names.customers.email (text) looks like personal data: an e-mail address.',
      fix: 'Anonymize it in non-production copies with strategy fake_email (replace with a fake address, or hash the local part and keep the domain).',
    });
    expect(run.findings.find((f) => f.column === 'mobilePhone')?.fix).toContain('strategy partial_mask');
    expect(run.findings.find((f) => f.column === 'ip_address')?.message).toContain('an IP address');
  });

  it('confirms or dismisses matches by sampling values, never putting a value in a finding', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'pii_sample',
      `create table contacts (id int primary key, email text, backup_email text, address text, home_address text, phone text);
       insert into contacts
       select g, 'person' || g || '@mail.test', case when g % 5 = 0 then 'x' || g || '@mail.test' else 'n/a' end,
              '10.0.' || (g % 250) || '.' || g, g || ' Rue des Lilas, Lyon', case when g % 2 = 0 then '+33 6 12 34 56 ' || (10 + g) end
         from generate_series(1, 40) g;
       create table leads (id int primary key, email text);`,
    );
    const run = await runRule(piiColumn, snapshot, {}, { sample: 25, queryable: client });
    const byColumn = new Map(run.findings.map((f) => [f.object, f.message]));
    expect([...byColumn.keys()].sort()).toEqual([
      'pii_sample.contacts.address',
      'pii_sample.contacts.email',
      'pii_sample.contacts.home_address',
      'pii_sample.contacts.phone',
      'pii_sample.leads.email',
    ]);
    expect(byColumn.get('pii_sample.contacts.email')).toContain('confirmed by sampling: 25 of 25 values have the shape of an e-mail address');
    // Mostly 'n/a': the name said e-mail, the values say otherwise.
    expect(byColumn.has('pii_sample.contacts.backup_email')).toBe(false);
    // An "address" that holds IPs is reported as what it holds.
    expect(byColumn.get('pii_sample.contacts.address')).toContain('an IP address; sampling shows IP addresses (25 of 25 values), not postal addresses');
    expect(byColumn.get('pii_sample.contacts.home_address')).toContain('confirmed by sampling');
    expect(byColumn.get('pii_sample.contacts.phone')).toContain('confirmed by sampling: 20 of 20 values');
    expect(byColumn.get('pii_sample.leads.email')).toContain('(no values to sample yet)');
    const text = JSON.stringify(run.findings);
    for (const value of ['@mail.test', 'Lilas', '10.0.', '+33', 'n/a']) expect(text).not.toContain(value);

    const strict = await runRule(piiColumn, snapshot, { sampleConfirmThreshold: 1 }, { sample: 40, queryable: client });
    // backup_email: 8 of 40 look like e-mail addresses, far from 100%.
    expect(objects(strict)).not.toContain('pii_sample.contacts.backup_email');
    const loose = await runRule(piiColumn, snapshot, { sampleConfirmThreshold: 0.1 }, { sample: 40, queryable: client });
    expect(objects(loose)).toContain('pii_sample.contacts.backup_email');
  });

  it('leaves the address and phone of organizations alone, not their contact person; photos only of people', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'pii_orgs',
      `create table suppliers (id int primary key, company_name text, contact_name text, address text, postal_code text, phone text, fax text, email text);
       create table shippers (id int primary key, company_name text, phone text);
       create table users (id int primary key, company_name text, phone text);
       create table clients (id int primary key, company text, first_name text, phone text, picture bytea);
       create table categories (id int primary key, name text, picture bytea);
       create table servers (id int primary key, address text, ip_address inet);`,
    );
    const run = await runRule(piiColumn, snapshot);
    expect(objects(run)).toEqual([
      'pii_orgs.clients.first_name',
      'pii_orgs.clients.phone',
      'pii_orgs.clients.picture',
      'pii_orgs.suppliers.contact_name',
      'pii_orgs.suppliers.email',
      'pii_orgs.users.phone',
    ]);
  });

  it('takes extra patterns and leaves out ignored categories', async () => {
    const snapshot = await snapshotFromSql(client, 'pii_opts', `create table members (id int primary key, loyalty_card text, first_name text, email text, is_loyalty_card boolean);`);
    const run = await runRule(piiColumn, snapshot, {
      extraPatterns: [{ pattern: 'loyalty_card$', label: 'loyalty card number', strategy: 'hash' }],
      ignoreCategories: ['person-name'],
    });
    expect(run.findings.map((f) => f.column).sort()).toEqual(['email', 'loyalty_card']);
    expect(run.findings.find((f) => f.column === 'loyalty_card')?.message).toContain('a loyalty card number');
    expect(piiColumn.validateOptions?.({ extraPatterns: ['(unclosed'] })).toEqual([
      expect.objectContaining({ path: 'extraPatterns.0', message: 'not a valid regular expression' }),
    ]);
    expect(piiColumn.validateOptions?.({ ignoreCategories: ['emails'] })).toEqual([expect.objectContaining({ path: 'ignoreCategories.0' })]);
  });
});
