create view customer_orders as
select u.id as user_id, u.email, o.id as order_id, o.state, o.created_at
from users u
join orders o on o.user_id = u.id;
