-- Variant "cliente": a client table named "client", text ids, timestamptz, tax rates as
-- fractions in double precision, coordinates as text, Portuguese weekday names, and an item table
-- ("basket", columns ord/prod) that only its foreign keys identify.
CREATE TABLE client (uid text PRIMARY KEY, name text, address text, promotion_day text);
CREATE TABLE products (
  uid text PRIMARY KEY, name text, brand text, unit_price numeric, tax_rate double precision);
CREATE TABLE orders (
  uid text PRIMARY KEY, date_of_order timestamptz, client_uid text REFERENCES client,
  latitude text, longitude text, status text);
CREATE TABLE basket (
  line serial, ord text REFERENCES orders, prod text REFERENCES products, quantity numeric);

INSERT INTO client VALUES
  ('c1', 'Ana', 'Rua 1', 'segunda'),
  ('c2', 'Bia', 'Rua 2', 'terça-feira'),
  ('c3', 'Caio', 'Rua 3', 'sábado');
INSERT INTO products VALUES
  ('p1', 'Café', 'Pilão', 12.90, 0.12),
  ('p2', 'Pão', 'Pullman', 7.45, 0.07);
INSERT INTO orders VALUES
  ('o1', '2024-03-04 15:00:00+00', 'c1', '-23.55', '-46.63', 'entregue'),
  ('o2', '2024-03-05 02:30:00+00', 'c2', '-23.55', '-46.63', 'entregue'),
  ('o3', '2024-03-09 12:00:00+00', 'c3', 'n/a', '-46.63', 'Entregue'),
  ('o4', '2024-03-12 12:00:00+00', 'c2', '-23.55', '-246.63', 'pendente');
INSERT INTO basket (ord, prod, quantity) VALUES
  ('o1', 'p1', 2), ('o1', 'p2', 1), ('o2', 'p2', 3), ('o3', 'p1', 1), ('o4', 'p1', 1.5);
ANALYZE;
