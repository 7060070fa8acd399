-- Risky on a large table: a plain CREATE INDEX blocks every write to orders while it builds.
-- The safe form is CREATE INDEX CONCURRENTLY in a no-transaction migration.
create index orders_created_at_idx on orders (created_at);
