-- Risky: integer -> bigint rewrites the whole table under an ACCESS EXCLUSIVE lock.
alter table orders alter column total_cents type bigint;
alter table order_items alter column unit_price_cents type bigint;
