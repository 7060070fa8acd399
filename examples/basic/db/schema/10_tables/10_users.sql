create table users (
    id bigint generated always as identity primary key,
    email text not null unique,
    full_name text not null,
    phone text,
    birth_date date,
    created_at timestamptz not null default now()
);

comment on column users.email is 'Login and contact address.';
