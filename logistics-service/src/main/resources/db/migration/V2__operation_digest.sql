-- The digest (SHA-256 of the operation's data) of the event at order_version. Another event at the
-- same order version is the same operation: with the same digest it is a duplicate, with another it
-- is a conflict, refused to the dead-letter queue and counted (consumer.conflicts.refused). Shipments
-- written before this column existed have none, and are compared by version only, as before.
ALTER TABLE shipments ADD COLUMN operation_digest CHAR(64) NULL;
