-- Variant "partitioned": uuid ids, a mixed-case "Clients" table, promotion days as dates, tax as a
-- percent in a column "tax" over a domain price, a partitioned orders table with unusual types,
-- order_items as a view, a materialized view, and 300 orders (sampled when profiling).
CREATE TYPE order_kind AS ENUM ('web', 'store');
CREATE DOMAIN positive_money AS numeric CHECK (VALUE >= 0);
CREATE TABLE "Clients" (uid uuid PRIMARY KEY, name text, address text, promotion_day date);
CREATE TABLE products (
  uid uuid PRIMARY KEY, name text, brand text, unit_price positive_money, tax numeric);
CREATE TABLE orders (
  uid uuid, date_of_order timestamptz NOT NULL, client_uid uuid, latitude double precision,
  longitude double precision, status text, kind order_kind, tags text[], meta jsonb, raw json,
  blob bytea, search tsvector, period tstzrange, amount positive_money)
  PARTITION BY RANGE (date_of_order);
CREATE TABLE orders_2024_03 PARTITION OF orders
  FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');
CREATE TABLE orders_other PARTITION OF orders DEFAULT;
CREATE TABLE items_raw (uid uuid PRIMARY KEY, order_uid uuid, product_uid uuid, quantity integer);
CREATE VIEW order_items AS SELECT * FROM items_raw;

INSERT INTO "Clients" VALUES
  ('00000000-0000-0000-0000-00000000000a', 'Ana', 'Street 1', '2024-03-04'),
  ('00000000-0000-0000-0000-00000000000b', 'Ben', 'Street 2', NULL);
INSERT INTO products VALUES
  ('00000000-0000-0000-0000-0000000000a1', 'Tea', 'Lipton', 3.10, 16),
  ('00000000-0000-0000-0000-0000000000a2', 'Rice', 'Uncle', 2.35, 0);
INSERT INTO orders
SELECT ('00000000-0000-0000-0001-' || lpad(to_hex(i), 12, '0'))::uuid,
       timestamptz '2024-03-01 10:00:00+00' + (i * interval '3 hours'),
       CASE WHEN i % 2 = 0 THEN '00000000-0000-0000-0000-00000000000a'::uuid
            ELSE '00000000-0000-0000-0000-00000000000b'::uuid END,
       19.4 + i / 1000.0, -99.1,
       CASE WHEN i % 3 = 0 THEN 'shipped' ELSE 'created' END,
       CASE WHEN i % 2 = 0 THEN 'web'::order_kind ELSE 'store'::order_kind END,
       ARRAY['a', 'b' || i], jsonb_build_object('i', i), json_build_object('n', i),
       decode(lpad(to_hex(i), 8, '0'), 'hex'), to_tsvector('simple', 'order number ' || i),
       tstzrange('2024-03-01', '2024-03-02'), i
FROM generate_series(1, 300) AS i;
INSERT INTO items_raw
SELECT ('00000000-0000-0000-0002-' || lpad(to_hex(i), 12, '0'))::uuid,
       ('00000000-0000-0000-0001-' || lpad(to_hex(i), 12, '0'))::uuid,
       CASE WHEN i % 2 = 0 THEN '00000000-0000-0000-0000-0000000000a1'::uuid
            ELSE '00000000-0000-0000-0000-0000000000a2'::uuid END,
       1 + i % 4
FROM generate_series(1, 300) AS i;
CREATE MATERIALIZED VIEW sales_summary AS SELECT client_uid, count(*) AS n FROM orders GROUP BY 1;
ANALYZE;
