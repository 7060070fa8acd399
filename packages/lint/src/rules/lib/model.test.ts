import { useTestDatabase } from '@confiture/test-utils';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SchemaSnapshot, TableInfo } from '../../types.js';
import { snapshotFromSql } from '../test-helpers/index.js';
import { buildModel, primaryKeyColumns } from './model.js';

const db = useTestDatabase('lint_model');
let snapshot: SchemaSnapshot;

beforeAll(async () => {
  const client: pg.Client = await db.current.client();
  snapshot = await snapshotFromSql(
    client,
    'model',
    `create table customers (id bigint primary key);
     create table orders (id bigint, customer_id bigint references customers (id), primary key (id, customer_id));
     create index orders_customer_idx on orders (customer_id);`,
  );
});

describe('the snapshot model', () => {
  it('is built once per snapshot and shared by every rule', () => {
    const model = buildModel(snapshot);
    expect(buildModel(snapshot)).toBe(model);
    expect(model.table('model.orders')?.name).toBe('orders');
    expect(model.indexesOf('model.orders').map((i) => i.name).sort()).toEqual(['orders_customer_idx', 'orders_pkey']);
    expect(model.constraintsOf('model.orders').map((c) => c.type).sort()).toEqual(['foreign-key', 'primary-key']);
    expect(primaryKeyColumns(model, model.table('model.orders') as TableInfo)).toEqual(['id', 'customer_id']);
  });

  it('is rebuilt for another snapshot object, and when a loaded list was changed in place', () => {
    const model = buildModel(snapshot);
    const copy = { ...snapshot };
    expect(buildModel(copy)).not.toBe(model);

    const editable = { ...snapshot, tables: [...snapshot.tables] };
    const before = buildModel(editable);
    const extra: TableInfo = { ...(snapshot.tables[0] as TableInfo), name: 'extra', qualifiedName: 'model.extra', oid: 1 };
    editable.tables.push(extra);
    const after = buildModel(editable);
    expect(after).not.toBe(before);
    expect(after.table('model.extra')).toBe(extra);
    expect(before.table('model.extra')).toBeUndefined();
  });
});
