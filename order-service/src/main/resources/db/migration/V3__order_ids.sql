-- Order ids are handed out before the order's transaction begins (OrderIds), so that its message can
-- be stored in Redis before a database connection is taken: a slow or absent Redis then never holds
-- one. One row: the next id not yet handed out. An instance reserves a block of ids with one
-- UPDATE and hands them out from memory, so ids are unique and increase within an instance, but are
-- not gap-free (a restart forgets the rest of its block; a rolled-back order leaves its id unused).
CREATE TABLE order_ids (
    next_id BIGINT NOT NULL
);
INSERT INTO order_ids (next_id) SELECT COALESCE(MAX(id), 0) + 1 FROM orders;
-- orders.id keeps its AUTO_INCREMENT attribute (a foreign key refers to the column), but the
-- service always inserts the id it was handed.
