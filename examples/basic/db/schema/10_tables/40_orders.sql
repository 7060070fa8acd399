create table orders (
    id bigint generated always as identity primary key,
    user_id bigint not null references users (id),
    state order_state not null default 'cart',
    total_cents integer not null default 0,
    created_at timestamptz not null default now()
);

create index orders_user_id_idx on orders (user_id);
-- Smell: the same index twice under another name.
create index orders_user_idx on orders (user_id);
