package com.example.reliable.order.orders;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Hands out order ids before the order exists, so that {@link OrderService} can store the order's
 * message before its transaction begins. Ids come from the {@code order_ids} table in blocks of
 * {@value #BLOCK}: one short statement per block, on a connection that is returned at once, and the
 * rest from memory. Unique across instances (each block is reserved by an atomic update), increasing
 * within one, not gap-free.
 */
@Component
class OrderIds {

    /** Ids reserved per round trip to the database. */
    static final int BLOCK = 50;

    private final JdbcTemplate jdbc;
    private long next;
    private long end; // exclusive

    OrderIds(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    synchronized long next() {
        if (next == end) {
            reserveBlock();
        }
        return next++;
    }

    private void reserveBlock() {
        // LAST_INSERT_ID(expr) remembers expr for this connection only: both statements must run on
        // the same one, hence the callback. Auto-commit: the row lock is held for the UPDATE alone.
        Long reservedEnd = jdbc.execute((ConnectionCallback<Long>) connection -> {
            try (var statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE order_ids SET next_id = LAST_INSERT_ID(next_id + " + BLOCK + ")");
                try (var result = statement.executeQuery("SELECT LAST_INSERT_ID()")) {
                    result.next();
                    return result.getLong(1);
                }
            }
        });
        end = reservedEnd;
        next = end - BLOCK;
    }
}
