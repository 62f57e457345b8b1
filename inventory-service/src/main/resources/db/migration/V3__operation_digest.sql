-- The fingerprint names an operation (order-42-created-v0, derived from the event's own fields);
-- the digest is the SHA-256 of the operation's data. Every operation now also inserts a row of its
-- own, unique_id '' (no resource id can be blank), carrying the digest, in the same statement as its
-- resource rows. A message whose rows exist already is the same operation again: a duplicate if the
-- operation row's digest matches, a conflict if it differs (refused to the dead-letter queue and
-- counted, consumer.conflicts.refused) — also when it names other products, since the operation row
-- is the same whatever the products. Operations applied before this migration have no operation
-- row and are taken as duplicates, as before.
ALTER TABLE t_check ADD COLUMN digest CHAR(64) NULL;
