-- Variant (c): bigint ids, double precision coordinates, date_of_order as a date, extra columns,
-- and a product_uid stored as text although products.uid is a bigint.
CREATE TABLE clients (
  uid bigint PRIMARY KEY,
  email text,
  name text,
  address text,
  promotion_day varchar(20),
  active boolean DEFAULT true
);
CREATE TABLE products (
  uid bigint PRIMARY KEY,
  sku text,
  name text,
  brand text,
  unit_price numeric(10, 2),
  tax_rate double precision,
  stock integer
);
CREATE TABLE orders (
  uid bigint PRIMARY KEY,
  created_by text,
  date_of_order date,
  client_uid integer,
  latitude double precision,
  longitude double precision,
  status text,
  total numeric,
  notes jsonb
);
CREATE TABLE order_items (
  uid bigint PRIMARY KEY,
  order_uid bigint NOT NULL,
  product_uid text,
  quantity integer,
  discount numeric
);

INSERT INTO clients VALUES
  (7, 'x@example.com', 'Dora', 'Calle 7', 'mon', true);

INSERT INTO products VALUES
  (100, 'SKU-100', 'Agua', 'Ciel', 12.00, 0.16, 5),
  (200, 'SKU-200', 'Jugo', 'Jumex', 20.10, 0.1, 0);

INSERT INTO orders VALUES
  (9, 'ops', '2024-03-04', 7, 0.30000000000000004, -99.13320900000001, 'delivered', 44.1, '{"a": 1}'),
  (10, 'ops', '2024-03-05', 7, 0.1, '-0', 'delivered', NULL, NULL),
  (2, 'ops', NULL, 7, 1e-7, 123456789.125, 'pending', NULL, NULL);

INSERT INTO order_items VALUES
  (1, 9, '100', 2, 0),
  (2, 9, '200', 1, 0.5),
  (3, 10, '100', 1, NULL),
  (4, 10, '0100', 1, NULL);
