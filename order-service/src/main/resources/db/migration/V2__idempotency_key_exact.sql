-- An Idempotency-Key is compared byte for byte: with the server's default (case-insensitive)
-- collation, 'KEY-1' found the order — and the shipping address — that 'key-1' had placed.
ALTER TABLE orders MODIFY idempotency_key VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL;
