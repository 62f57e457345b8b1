package com.example.reliable.inventory.stock;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code products} table: reads the stock, takes an order's units all or nothing, gives them
 * back. The stock never goes below zero: rows are locked before they are checked, the deduction is
 * a conditional update, and the table's CHECK constraint refuses a negative value anyway.
 */
@Component
class Stock {

    private final JdbcClient jdbc;

    Stock(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Product> all() {
        return jdbc.sql("SELECT id, name, stock FROM products ORDER BY id").query(Product.class).list();
    }

    Optional<Product> find(String id) {
        return jdbc.sql("SELECT id, name, stock FROM products WHERE id = ?").param(id).query(Product.class).optional();
    }

    /**
     * Takes the quantity of every product, or of none.
     *
     * @param quantities units per product id, iterated in product-id order
     * @return {@code true} if every line was covered and taken; {@code false} if some product is
     *     unknown or has too few units, in which case no stock changed
     */
    // MANDATORY: the locks taken here must be held until the caller's transaction commits.
    @Transactional(propagation = Propagation.MANDATORY)
    boolean takeAll(SortedMap<String, Integer> quantities) {
        // 1. Lock every row and check it, before changing any. Locked in product-id order: two orders
        //    for the same products wait for each other instead of deadlocking.
        for (Map.Entry<String, Integer> line : quantities.entrySet()) {
            Optional<Integer> available = jdbc.sql("SELECT stock FROM products WHERE id = ? FOR UPDATE")
                    .param(line.getKey())
                    .query(Integer.class)
                    .optional();
            if (available.isEmpty() || available.get() < line.getValue()) {
                return false; // nothing has been changed, so there is nothing to undo
            }
        }
        // 2. Every line is covered, and no other transaction can change these rows until we commit.
        for (Map.Entry<String, Integer> line : quantities.entrySet()) {
            int updated = jdbc.sql("UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?")
                    .params(line.getValue(), line.getKey(), line.getValue())
                    .update();
            if (updated != 1) {
                // Cannot happen while the rows are locked; if it does, the exception rolls back every
                // line taken so far together with the rest of the transaction.
                throw new IllegalStateException("stock of " + line.getKey() + " changed under its lock");
            }
        }
        return true;
    }

    /** Gives the units back, in product-id order like {@link #takeAll}. */
    @Transactional(propagation = Propagation.MANDATORY)
    void giveBack(SortedMap<String, Integer> quantities) {
        quantities.forEach((productId, quantity) -> jdbc.sql("UPDATE products SET stock = stock + ? WHERE id = ?")
                .params(quantity, productId)
                .update());
    }
}
