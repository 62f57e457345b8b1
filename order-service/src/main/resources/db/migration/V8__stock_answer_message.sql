-- The message that brought an order's stock answer, so that the operator's order search can say which
-- reply confirmed or rejected an order, and when (GET /admin/orders/42/messages). NULL for the answers
-- recorded before this migration.
ALTER TABLE stock_answers ADD COLUMN message_id VARCHAR(64) NULL;
