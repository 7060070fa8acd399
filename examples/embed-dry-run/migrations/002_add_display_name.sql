-- A nullable column without a default: a catalog-only change.
set local lock_timeout = '2s';
alter table accounts add column display_name text;
