-- Variant (a): uuid ids, timestamp with time zone, promotion_day as text, order_items with a uid.
CREATE TABLE clients (
  uid uuid PRIMARY KEY,
  name text,
  address text,
  promotion_day text,
  created_at timestamptz DEFAULT now()
);
CREATE TABLE products (
  uid uuid PRIMARY KEY,
  name text,
  brand text,
  unit_price numeric(12, 2),
  tax_rate numeric(6, 4)
);
CREATE TABLE orders (
  uid uuid PRIMARY KEY,
  date_of_order timestamptz,
  client_uid uuid,
  latitude numeric(9, 6),
  longitude numeric(9, 6),
  status text
);
CREATE TABLE order_items (
  uid uuid PRIMARY KEY,
  order_uid uuid NOT NULL,
  product_uid uuid,
  quantity integer
);

INSERT INTO clients (uid, name, address, promotion_day) VALUES
  ('11111111-1111-1111-1111-111111111111', 'Ana López', 'Av. Reforma 1, CDMX', 'Monday'),
  ('22222222-2222-2222-2222-222222222222', NULL, NULL, NULL);

INSERT INTO products VALUES
  ('aaaaaaaa-0000-0000-0000-000000000001', 'Café 500 g', 'Marca A', 10.50, 0.1600),
  ('aaaaaaaa-0000-0000-0000-000000000002', 'Azúcar', NULL, 3.00, NULL);

INSERT INTO orders VALUES
  -- two lines, complete
  ('a0000000-0000-0000-0000-000000000001', '2024-03-04 10:15:30.123456+02', '11111111-1111-1111-1111-111111111111',
   19.432608, -99.133209, 'delivered'),
  -- sorts first; no lines, nulls everywhere, a client without any data
  ('00000000-0000-0000-0000-000000000002', NULL, '22222222-2222-2222-2222-222222222222', NULL, NULL, NULL),
  -- client does not exist, one line whose product does not exist
  ('ffffffff-0000-0000-0000-000000000003', '2024-03-05 00:00:00+00', '99999999-9999-9999-9999-999999999999',
   0, 0, 'pending'),
  -- no client at all
  ('b0000000-0000-0000-0000-000000000004', '2024-03-06 12:00:00+00', NULL, 1.5, 2.5, 'pending');

INSERT INTO order_items VALUES
  -- inserted out of uid order on purpose
  ('c0000000-0000-0000-0000-000000000002', 'a0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000002', 3),
  ('c0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 2),
  ('c0000000-0000-0000-0000-000000000003', 'ffffffff-0000-0000-0000-000000000003', 'dddddddd-0000-0000-0000-000000000000', NULL),
  ('c0000000-0000-0000-0000-000000000004', 'b0000000-0000-0000-0000-000000000004', NULL, 1);
