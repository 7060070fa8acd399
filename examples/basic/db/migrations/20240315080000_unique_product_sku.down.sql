-- confiture:no-transaction
drop index concurrently if exists products_sku_key;
