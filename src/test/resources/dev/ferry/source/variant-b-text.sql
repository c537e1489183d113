-- Variant (b): text ids (with a linguistic collation, so only COLLATE "C" gives code-point order),
-- timestamp without time zone, promotion_date as a date, order_items without a uid,
-- coordinates as text.
CREATE TABLE clients (
  uid text COLLATE "en-x-icu" PRIMARY KEY,
  name varchar(100),
  address text,
  promotion_date date,
  phone text
);
CREATE TABLE products (
  uid text PRIMARY KEY,
  name text,
  brand text,
  unit_price numeric,
  tax_rate numeric
);
CREATE TABLE orders (
  uid text COLLATE "en-x-icu" PRIMARY KEY,
  date_of_order timestamp,
  client_uid text,
  latitude text,
  longitude text,
  status varchar(20)
);
CREATE TABLE order_items (
  order_uid text NOT NULL,
  product_uid text,
  quantity numeric,
  note text
);

INSERT INTO clients VALUES
  ('C-1', 'Bruno', 'Rua A, 10', '2024-03-04', '555'),
  ('C-2', 'Carla', NULL, NULL, NULL);

INSERT INTO products VALUES
  ('P-1', 'Pan', 'Bimbo', 1.005, 0.08),
  ('P-2', 'Leche', 'Lala', 'NaN', 0.0);

INSERT INTO orders VALUES
  ('a-1', '2024-03-04 23:30:00', 'C-1', ' 19.4326 ', '-99,1332', 'delivered'),
  ('B-1', '2024-03-05 00:00:00', 'C-2', 'north', '', 'pending'),
  ('Z', NULL, 'C-1', NULL, NULL, NULL),
  ('é', '2024-01-01 08:00:00', 'C-404', '1e2', '-0.0', 'x'),
  ('😀', '2024-01-02 08:00:00', 'C-1', '45', '90', 'y'),
  ('ｚ', '2024-01-03 08:00:00', 'C-1', '45', '90', 'y');

-- No uid: the line order must come from product, quantity and the remaining columns.
INSERT INTO order_items VALUES
  ('a-1', 'P-2', 1, 'second'),
  ('a-1', 'P-1', 2, 'zeta'),
  ('a-1', 'P-1', 2, 'alpha'),
  ('a-1', 'P-1', 1, NULL),
  ('B-1', 'P-2', 'NaN', NULL),
  ('B-1', 'P-404', 1.250, NULL);
