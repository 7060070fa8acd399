import { useTestDatabase } from '@confiture/test-utils';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { missingFkIndex } from './missing-fk-index.js';
import { objects, reloadSnapshot, runRule, snapshotFromSql } from './test-helpers/index.js';

const db = useTestDatabase('lint_fki');
let client: pg.Client;
beforeAll(async () => {
  client = await db.current.client();
});

describe('missing-fk-index', () => {
  it('reports an unindexed foreign key with a CREATE INDEX CONCURRENTLY fix', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'fki_basic',
      `create table customers (id bigint primary key);
       create table orders (id bigint primary key, customer_id bigint not null references customers (id), "Seller Id" bigint references customers (id));
       create table invoices (id bigint primary key, customer_id bigint references customers (id));
       create index invoices_customer_id_idx on invoices (customer_id);`,
    );
    const run = await runRule(missingFkIndex, snapshot);
    expect(objects(run)).toEqual(['fki_basic.orders_Seller Id_fkey', 'fki_basic.orders_customer_id_fkey']);
    const plain = run.findings.find((f) => f.object === 'fki_basic.orders_customer_id_fkey');
    expect(plain?.message).toBe(
      'Foreign key orders_customer_id_fkey on fki_basic.orders (customer_id) references fki_basic.customers but no valid, non-partial index starts with that column.',
    );
    expect(plain?.fix).toBe('CREATE INDEX CONCURRENTLY orders_customer_id_idx ON fki_basic.orders (customer_id);');
    expect(plain).toMatchObject({ table: 'fki_basic.orders', column: 'customer_id', objectKind: 'constraint' });
    const quoted = run.findings.find((f) => f.object === 'fki_basic.orders_Seller Id_fkey');
    expect(quoted?.fix).toBe('CREATE INDEX CONCURRENTLY orders_seller_id_idx ON fki_basic.orders ("Seller Id");');
  });

  it('treats composite keys covered by leading columns in any order as covered', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'fki_composite',
      `create table films (id int primary key);
       create table actors (id int primary key);
       create table stores (id int, region int, primary key (id, region));
       -- covered by the composite primary key
       create table film_actors (film_id int references films, actor_id int references actors, primary key (actor_id, film_id));
       -- composite key, index on the same columns in another order
       create table stock (store_id int, region int, qty int, foreign key (region, store_id) references stores (region, id));
       alter table stock drop constraint stock_region_store_id_fkey;
       alter table stock add constraint stock_store_fk foreign key (store_id, region) references stores (id, region);
       create index stock_region_store_idx on stock (region, store_id, qty);
       -- a composite key covered by a composite primary key that starts with its columns in another order
       create table store_staff (region int, store_id int, staff_no int, primary key (region, store_id, staff_no),
                                 constraint store_staff_store_fk foreign key (store_id, region) references stores (id, region));
       -- a composite key whose columns are not all leading: not covered
       create table transfers (store_id int, region int, moved_on date, foreign key (store_id, region) references stores (id, region));
       create index transfers_idx on transfers (store_id, moved_on, region);`,
    );
    const run = await runRule(missingFkIndex, snapshot);
    // film_actors.film_id is the second key column only: it is reported; actor_id is leading.
    expect(objects(run)).toEqual(['fki_composite.film_actors_film_id_fkey', 'fki_composite.transfers_store_id_region_fkey']);
    expect(run.findings.find((f) => f.object.startsWith('fki_composite.transfers'))?.fix).toBe(
      'CREATE INDEX CONCURRENTLY transfers_store_id_region_idx ON fki_composite.transfers (store_id, region);',
    );
  });

  it('does not count partial, invalid, expression or BRIN indexes as covering, but counts hash', async () => {
    await snapshotFromSql(
      client,
      'fki_kinds',
      `create table parents (id int primary key);
       create table partial_child (parent_id int references parents);
       create index partial_child_idx on partial_child (parent_id) where parent_id > 0;
       create table brin_child (parent_id int references parents);
       create index brin_child_idx on brin_child using brin (parent_id);
       create table expr_child (parent_id int references parents);
       create index expr_child_idx on expr_child ((parent_id + 0));
       create table hash_child (parent_id int references parents);
       create index hash_child_idx on hash_child using hash (parent_id);
       create table invalid_child (parent_id int references parents, code int);
       insert into parents values (1);
       insert into invalid_child values (1, 1), (1, 1);`,
    );
    // A failed CREATE INDEX CONCURRENTLY leaves an invalid index behind.
    await expect(client.query('create unique index concurrently invalid_child_idx on fki_kinds.invalid_child (parent_id)')).rejects.toThrow();
    const reloaded = await reloadSnapshot(client, 'fki_kinds');
    expect(reloaded.indexes.find((i) => i.name === 'invalid_child_idx')?.isValid).toBe(false);
    const run = await runRule(missingFkIndex, reloaded);
    expect(objects(run)).toEqual([
      'fki_kinds.brin_child_parent_id_fkey',
      'fki_kinds.expr_child_parent_id_fkey',
      'fki_kinds.invalid_child_parent_id_fkey',
      'fki_kinds.partial_child_parent_id_fkey',
    ]);
  });

  it('reports a partitioned table key once at the parent, and accepts per-partition indexes', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'fki_parts',
      `create table customers (id int primary key);
       create table payments (id int, paid_on date, customer_id int references customers, staff_id int references customers,
                              rental_id int references customers, primary key (id, paid_on)) partition by range (paid_on);
       create table payments_2024 partition of payments for values from ('2024-01-01') to ('2025-01-01');
       create table payments_2025 partition of payments for values from ('2025-01-01') to ('2026-01-01');
       -- staff_id: an index on the parent (attached to partitions)
       create index payments_staff_id_idx on payments (staff_id);
       -- rental_id: each partition has its own index, the parent has none
       create index on payments_2024 (rental_id);
       create index on payments_2025 (rental_id);
       -- a key declared on one partition only (no parent key) is that partition's own
       create table legacy (id int, paid_on date, customer_id int) partition by range (paid_on);
       create table legacy_2024 partition of legacy for values from ('2024-01-01') to ('2025-01-01');
       alter table legacy_2024 add constraint legacy_2024_customer_fk foreign key (customer_id) references customers;`,
    );
    const run = await runRule(missingFkIndex, snapshot);
    expect(objects(run)).toEqual(['fki_parts.legacy_2024_customer_fk', 'fki_parts.payments_customer_id_fkey']);
    const parent = run.findings.find((f) => f.object === 'fki_parts.payments_customer_id_fkey');
    expect(parent?.table).toBe('fki_parts.payments');
    expect(parent?.fix).toBe(
      [
        'CREATE INDEX payments_customer_id_idx ON ONLY fki_parts.payments (customer_id);',
        'CREATE INDEX CONCURRENTLY payments_2024_customer_id_idx ON fki_parts.payments_2024 (customer_id);',
        'ALTER INDEX fki_parts.payments_customer_id_idx ATTACH PARTITION fki_parts.payments_2024_customer_id_idx;',
        'CREATE INDEX CONCURRENTLY payments_2025_customer_id_idx ON fki_parts.payments_2025 (customer_id);',
        'ALTER INDEX fki_parts.payments_customer_id_idx ATTACH PARTITION fki_parts.payments_2025_customer_id_idx;',
      ].join('\n'),
    );
    // The fix runs as written.
    for (const statement of parent?.fix?.split('\n') ?? []) await client.query(statement);
    const after = await runRule(missingFkIndex, await reloadSnapshot(client, 'fki_parts'));
    expect(objects(after)).toEqual(['fki_parts.legacy_2024_customer_fk']);
  });
});
