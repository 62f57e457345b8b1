-- One shipment per order (uk_shipments_order): two copies of the same OrderCreated handled at the
-- same moment cannot both insert one.
CREATE TABLE shipments (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    order_id      BIGINT       NOT NULL,
    -- JPA @Version of this row: two concurrent updates of one shipment cannot both win.
    version       BIGINT       NOT NULL,
    -- The order's version this shipment reflects; an event at or below it is a duplicate or older.
    order_version BIGINT       NOT NULL,
    status        VARCHAR(20)  NOT NULL,
    street        VARCHAR(200) NULL,
    city          VARCHAR(100) NULL,
    postal_code   VARCHAR(20)  NULL,
    country       VARCHAR(60)  NULL,
    updated_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_shipments_order UNIQUE (order_id)
);
