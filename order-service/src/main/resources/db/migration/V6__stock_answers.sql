-- The answer each order's OrderCreated got from inventory: StockReserved or StockRejected, at most one
-- per order (the primary key decides, as t_check's unique key does in inventory). A reply is compared
-- with it: the same operation with the same data is a duplicate; anything else is a conflict, refused
-- to the dead-letter queue. The row is its own, not a column of orders: recording a late answer to an
-- order its customer cancelled leaves the order, and its version, untouched.
CREATE TABLE stock_answers (
    order_id     BIGINT       NOT NULL,
    -- the reply's fingerprint, e.g. order-42-stock-reserved-v0
    operation    VARCHAR(100) NOT NULL,
    -- SHA-256 of what the reply said; NULL for an answer recorded by this migration (its data unknown)
    digest       CHAR(64)     NULL,
    received_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (order_id),
    CONSTRAINT fk_stock_answers_order FOREIGN KEY (order_id) REFERENCES orders (id)
);

-- Orders answered before this table existed: their status tells which answer they got.
INSERT INTO stock_answers (order_id, operation, digest, received_at)
SELECT id, CONCAT('order-', id, '-stock-', IF(status = 'CONFIRMED', 'reserved', 'rejected'), '-v0'), NULL,
       UTC_TIMESTAMP(6)
FROM orders
WHERE status IN ('CONFIRMED', 'REJECTED');

-- Orders still waiting for inventory's answer, oldest first (StalledOrders).
CREATE INDEX ix_orders_status_created_at ON orders (status, created_at);
