-- A nullable column without a default: a catalog-only change.
alter table orders add column notes text;
