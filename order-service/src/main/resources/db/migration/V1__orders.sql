-- Orders and their lines. The version column is JPA's @Version: every change bumps it, and the
-- events carry it, so consumers can tell a newer change from a duplicate or an older one.
CREATE TABLE orders (
    id               BIGINT       NOT NULL AUTO_INCREMENT,
    version          BIGINT       NOT NULL,
    customer_id      VARCHAR(100) NOT NULL,
    status           VARCHAR(20)  NOT NULL,
    ship_street      VARCHAR(200) NOT NULL,
    ship_city        VARCHAR(100) NOT NULL,
    ship_postal_code VARCHAR(20)  NOT NULL,
    ship_country     VARCHAR(60)  NOT NULL,
    created_at       DATETIME(6)  NOT NULL,
    -- A client's Idempotency-Key: a retried POST finds the order it created the first time.
    idempotency_key  VARCHAR(100) NULL,
    request_hash     CHAR(64)     NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_orders_idempotency_key UNIQUE (idempotency_key)
);

CREATE TABLE order_lines (
    order_id   BIGINT      NOT NULL,
    line_no    INT         NOT NULL,
    product_id VARCHAR(64) NOT NULL,
    quantity   INT         NOT NULL,
    PRIMARY KEY (order_id, line_no),
    CONSTRAINT fk_order_lines_order FOREIGN KEY (order_id) REFERENCES orders (id)
);
