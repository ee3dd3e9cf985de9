CREATE TABLE legacy_orders (id INT PRIMARY KEY, item VARCHAR(40) NOT NULL);
INSERT INTO legacy_orders (id, item) VALUES (1, 'keep me');
