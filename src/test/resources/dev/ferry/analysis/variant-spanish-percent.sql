-- Variant "ventas": tables in their own schema under other names (customers, order_lines),
-- bigint ids, price/vat/qty/lat/lng/state columns, VAT as a percent, Spanish weekday names,
-- wall-clock timestamps; and anomalies for the report.
CREATE TABLE public.notes (id serial PRIMARY KEY, body text);
CREATE SCHEMA ventas;
CREATE TABLE ventas.customers (
  id bigint PRIMARY KEY, customer_name text, address text, promotion_date varchar(20));
CREATE TABLE ventas.products (
  id bigint PRIMARY KEY, name text, brand text, price numeric(10, 2), vat numeric(5, 2));
CREATE TABLE ventas.orders (
  id bigint PRIMARY KEY, ordered_at timestamp, customer_id bigint, lat numeric, lng numeric,
  state text);
CREATE TABLE ventas.order_lines (
  id bigint PRIMARY KEY, order_id bigint REFERENCES ventas.orders, product_id bigint, qty integer);

INSERT INTO ventas.customers VALUES
  (1, 'Ana', 'Calle 1', 'lunes'),
  (2, 'Beto', 'Calle 2', 'Miércoles'),
  (3, 'Caro', 'Calle 3', '2024-03-08'),
  (4, 'Dani', 'Calle 4', 'algún día');
INSERT INTO ventas.products VALUES
  (10, 'Agua', 'Ciel', 10.00, 16),
  (20, 'Pan', 'Bimbo', 25.50, 8),
  (30, 'Sal', 'Costeña', NULL, 16);
INSERT INTO ventas.orders VALUES
  (100, '2024-03-04 12:00', 1, 19.43, -99.13, 'delivered'),
  (101, '2024-03-04 23:30', 1, 19.43, -99.13, 'Delivered'),
  (102, '2024-03-06 10:00', 2, 19.43, -99.13, 'delivered'),
  (103, '2024-03-08 09:00', 3, 95.0, -99.13, 'pending'),
  (104, '2024-03-05 08:00', 4, 19.43, -99.13, 'DELIVERED '),
  (105, '2024-03-05 08:00', 999, 19.43, -99.13, 'pending'),
  (106, '2024-03-05 00:15', 2, NULL, NULL, 'pending');
INSERT INTO ventas.order_lines VALUES
  (1, 100, 10, 2), (2, 100, 20, 1), (3, 101, 10, 1), (4, 102, 20, 3), (5, 103, 10, 1),
  (6, 104, 10, 0), (7, 104, 20, 1), (8, 105, 10, 1), (9, 106, 40, 1), (10, 106, 30, 1);
ANALYZE;
