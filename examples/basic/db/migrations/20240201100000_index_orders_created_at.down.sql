drop index orders_created_at_idx;
