import { useTestDatabase } from '@confiture/test-utils';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { missingPrimaryKey } from './missing-primary-key.js';
import { objects, runRule, snapshotFromSql } from './test-helpers/index.js';

const db = useTestDatabase('lint_mpk');
let client: pg.Client;
beforeAll(async () => {
  client = await db.current.client();
});

describe('missing-primary-key', () => {
  it('reports a table without a key and leaves keyed tables alone', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'mpk_basic',
      `create table events (occurred_at timestamptz not null, payload jsonb);
       create table users (id bigint generated always as identity primary key, email text);
       create table tags (name text, constraint tags_pk primary key (name));`,
    );
    const run = await runRule(missingPrimaryKey, snapshot);
    expect(objects(run)).toEqual(['mpk_basic.events']);
    const finding = run.findings[0];
    expect(finding?.severity).toBeUndefined();
    expect(finding?.message).toContain('mpk_basic.events has no primary key');
    expect(finding?.fix).toBe('ALTER TABLE mpk_basic.events ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;');
  });

  it('softens to a warning when a unique index on NOT NULL columns identifies rows', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'mpk_unique',
      `create table by_index (code text not null, label text);
       create unique index by_index_code_key on by_index (code);
       create table by_constraint (a int not null, b int not null, constraint by_constraint_a_b_key unique (a, b));
       create table nullable_unique (code text unique);
       create table partial_unique (code text not null);
       create unique index partial_unique_code on partial_unique (code) where code <> '';
       create table expression_unique (code text not null);
       create unique index expression_unique_lower on expression_unique (lower(code));`,
    );
    const run = await runRule(missingPrimaryKey, snapshot);
    const byObject = new Map(run.findings.map((f) => [f.object, f]));
    expect([...byObject.keys()].sort()).toEqual([
      'mpk_unique.by_constraint',
      'mpk_unique.by_index',
      'mpk_unique.expression_unique',
      'mpk_unique.nullable_unique',
      'mpk_unique.partial_unique',
    ]);
    expect(byObject.get('mpk_unique.by_index')?.severity).toBe('warning');
    expect(byObject.get('mpk_unique.by_index')?.fix).toBe('ALTER TABLE mpk_unique.by_index ADD PRIMARY KEY USING INDEX by_index_code_key;');
    // An index owned by a unique constraint cannot be promoted: the key is declared on its columns.
    expect(byObject.get('mpk_unique.by_constraint')?.severity).toBe('warning');
    expect(byObject.get('mpk_unique.by_constraint')?.fix).toBe('ALTER TABLE mpk_unique.by_constraint ADD PRIMARY KEY (a, b);');
    // Nullable, partial and expression unique indexes do not identify rows: full error.
    for (const name of ['nullable_unique', 'partial_unique', 'expression_unique']) {
      expect(byObject.get(`mpk_unique.${name}`)?.severity).toBeUndefined();
    }

    const allowed = await runRule(missingPrimaryKey, snapshot, { allowUniqueNotNull: true });
    expect(objects(allowed)).toEqual(['mpk_unique.expression_unique', 'mpk_unique.nullable_unique', 'mpk_unique.partial_unique']);
  });

  it('reports a partitioned table once, at the parent, and never its partitions', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'mpk_parts',
      `create table measurements (taken_on date not null, value numeric) partition by range (taken_on);
       create table measurements_2024 partition of measurements for values from ('2024-01-01') to ('2025-01-01');
       create table measurements_2025 partition of measurements for values from ('2025-01-01') to ('2026-01-01');
       create table keyed (id bigint not null, taken_on date not null, primary key (id, taken_on)) partition by range (taken_on);
       create table keyed_2024 partition of keyed for values from ('2024-01-01') to ('2025-01-01');`,
    );
    const run = await runRule(missingPrimaryKey, snapshot);
    expect(objects(run)).toEqual(['mpk_parts.measurements']);
    expect(run.findings[0]?.message).toMatch(/^Partitioned table mpk_parts\.measurements/);
    expect(run.findings[0]?.fix).toContain('partition key');
  });

  it('quotes identifiers in the fix and rejects unknown options', async () => {
    const snapshot = await snapshotFromSql(client, 'mpk Quoted', `create table "Order" ("Id" int not null, note text); create unique index "Order_Id" on "Order" ("Id");`);
    const run = await runRule(missingPrimaryKey, snapshot);
    expect(run.findings[0]?.fix).toBe('ALTER TABLE "mpk Quoted"."Order" ADD PRIMARY KEY USING INDEX "Order_Id";');
    expect(missingPrimaryKey.validateOptions?.({ allowUniqueNotNul: true })).toEqual([
      expect.objectContaining({ path: 'allowUniqueNotNul', message: expect.stringContaining('did you mean `allowUniqueNotNull`') }),
    ]);
    expect(missingPrimaryKey.validateOptions?.({ allowUniqueNotNull: 'yes' })).toEqual([expect.objectContaining({ path: 'allowUniqueNotNull' })]);
  });
});
