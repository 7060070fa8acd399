create table order_items (
    order_id bigint not null references orders (id) on delete cascade,
    line_no integer not null,
    -- Smell: a foreign key without an index; deleting a product scans order_items.
    product_id bigint not null references products (id),
    quantity integer not null check (quantity > 0),
    unit_price_cents integer not null,
    primary key (order_id, line_no)
);
