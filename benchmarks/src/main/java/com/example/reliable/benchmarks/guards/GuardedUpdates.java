package com.example.reliable.benchmarks.guards;

import java.sql.SQLException;

/** One message's business update, inside the caller's transaction, with or without the guard. */
interface GuardedUpdates {

    void apply(boolean guarded) throws SQLException;
}
