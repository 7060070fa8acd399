create table audit_log (
    id bigint generated always as identity primary key,
    actor_id bigint,
    action text not null,
    payload jsonb not null default '{}',
    created_at timestamptz not null default now()
);

-- Smell: no primary key.
create table page_views (
    user_id bigint,
    path text not null,
    client_ip inet,
    viewed_at timestamptz not null default now()
);
