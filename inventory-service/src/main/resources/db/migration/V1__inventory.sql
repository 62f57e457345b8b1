-- inventory-service's schema. Every time is UTC: the statements write UTC_TIMESTAMP(6), and the
-- purge compares against it, so neither the server's nor the JVM's time zone matters.

-- Products and how many units are in stock. No version column: a reservation locks the rows it
-- changes (SELECT ... FOR UPDATE) and deducts with a conditional update, so there is no
-- read-modify-write for an optimistic lock to guard. The CHECK is the database's last word:
-- whatever the code does, a stock below zero is refused.
CREATE TABLE products (
    id    VARCHAR(64)  NOT NULL,
    name  VARCHAR(200) NOT NULL,
    stock INT          NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_products_stock_not_negative CHECK (stock >= 0)
);

-- The idempotency check. One row per (product, operation): unique_id is the product id, the
-- fingerprint is the order operation's, made once by order-service and the same in every resend.
-- A consumer inserts these rows first, in the same transaction as the stock change: the unique key
-- lets exactly one delivery of an operation through, a duplicate fails on it and is skipped.
-- Rows older than inventory.idempotency.retention are purged in batches, oldest first.
CREATE TABLE t_check (
    id          BIGINT      NOT NULL AUTO_INCREMENT,
    unique_id   VARCHAR(64) NOT NULL,
    fingerprint VARCHAR(64) NOT NULL,
    created_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_t_check (unique_id, fingerprint),
    KEY ix_t_check_created_at (created_at)
);

-- What happened to each order's stock: RESERVED, REJECTED (some line could not be covered, nothing
-- was taken), RELEASED (cancelled, stock given back) or CANCELLED_BEFORE_CREATE (the cancel came
-- first; the create will take nothing). The primary key makes it one outcome per order.
CREATE TABLE reservations (
    order_id    BIGINT      NOT NULL,
    status      VARCHAR(32) NOT NULL,
    -- the fingerprint of the operation that set the status
    fingerprint VARCHAR(64) NOT NULL,
    created_at  DATETIME(6) NOT NULL,
    updated_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (order_id)
);

INSERT INTO products (id, name, stock) VALUES
    ('SKU-1', 'Espresso beans, 1 kg', 100),
    ('SKU-2', 'Milk frother', 100),
    ('SKU-3', 'Ceramic cup', 100),
    ('SKU-4', 'Descaler', 100),
    -- only three left: the demo of the last units, which concurrent orders must never oversell
    ('SKU-5', 'Limited edition grinder', 3);
