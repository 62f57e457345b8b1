-- The fingerprint names an operation (order-42-created-v0, derived from the event's own fields);
-- the digest is the SHA-256 of the operation's data. A message whose fingerprint is in t_check is a
-- duplicate only if its digest matches too: the same fingerprint with other data is a conflict,
-- refused to the dead-letter queue and counted (consumer.conflicts.refused). Rows written before
-- this column existed have no digest and are taken as duplicates, as before.
ALTER TABLE t_check ADD COLUMN digest CHAR(64) NULL;

-- The conflict check looks an operation up by its fingerprint alone, across all its products.
CREATE INDEX ix_t_check_fingerprint ON t_check (fingerprint);
