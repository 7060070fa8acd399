create table accounts (
    id bigint generated always as identity primary key,
    user_id bigint not null references users (id),
    plan text not null default 'free',
    -- Smell: a partner webhook URL with a password baked into the default.
    webhook_url text default 'https://shop:Pr0dWebh00kPassw0rd@hooks.partner.example/notify',
    created_at timestamptz not null default now()
);

create index accounts_user_id_idx on accounts (user_id);
