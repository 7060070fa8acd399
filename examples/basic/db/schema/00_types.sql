-- Shared types. Files are applied in natural order of their paths: 00_ before 10_.
create type order_state as enum ('cart', 'placed', 'paid', 'shipped', 'cancelled');
