-- What logistics applied, operation by operation: each event that changed a shipment, with the message
-- that brought it and when, written in the same transaction as the change. A duplicate or an older
-- event changes nothing and writes nothing. It answers the operator's "was order 42 cancelled here, and
-- by which message?" (GET /admin/orders/42/messages). It grows with the shipments: a couple of rows per
-- order.
CREATE TABLE shipment_operations (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    order_id    BIGINT       NOT NULL,
    -- the operation's fingerprint, e.g. order-42-cancelled-v1
    operation   VARCHAR(100) NOT NULL,
    message_id  VARCHAR(64)  NOT NULL,
    -- what it did to the shipment: CREATED, CANCELLED, CANCELLED_BEFORE_CREATED
    effect      VARCHAR(40)  NOT NULL,
    applied_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    KEY ix_shipment_operations_order (order_id)
);
