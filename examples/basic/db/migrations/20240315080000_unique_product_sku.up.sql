-- confiture:no-transaction
-- The safe way to add a unique index to a live table: built without blocking writes.
create unique index concurrently if not exists products_sku_key on products (sku);
