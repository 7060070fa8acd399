create function order_total(p_order_id bigint) returns bigint
language sql stable
as $$
    select coalesce(sum(quantity * unit_price_cents), 0)::bigint
    from order_items
    where order_id = p_order_id
$$;
