-- What each reservation took, line by line. A cancel gives back exactly these units, whatever its
-- event lists: the event's lines are only compared with them (a mismatch is logged and counted), so a
-- forged or corrupted cancel can never return stock the order did not take.
CREATE TABLE reservation_lines (
    order_id   BIGINT      NOT NULL,
    product_id VARCHAR(64) NOT NULL,
    quantity   INT         NOT NULL,
    PRIMARY KEY (order_id, product_id),
    CONSTRAINT ck_reservation_lines_quantity_positive CHECK (quantity > 0)
);
