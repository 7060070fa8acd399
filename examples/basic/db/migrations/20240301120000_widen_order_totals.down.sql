alter table order_items alter column unit_price_cents type integer;
alter table orders alter column total_cents type integer;
