-- The message that applied an operation, on the operation's own t_check row (unique_id ''), so that the
-- operator's order search can say which message reserved or released an order's stock, and when
-- (GET /admin/orders/42/messages). NULL on the products' rows, and on the rows written before this
-- migration. The rows last inventory.idempotency.retention, like every t_check row.
ALTER TABLE t_check ADD COLUMN message_id VARCHAR(64) NULL;
