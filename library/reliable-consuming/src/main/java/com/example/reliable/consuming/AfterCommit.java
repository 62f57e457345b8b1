package com.example.reliable.consuming;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs an action once the work it reports on is committed: at once outside a transaction, after
 * the commit inside one, never when the transaction rolls back. For counters a handler increments
 * while it applies a message: a batch applied in one transaction ({@link MessageBatches#applyInOneTransaction})
 * that rolls back is applied again message by message, and a count taken in the rolled-back attempt
 * would count the message twice.
 */
public final class AfterCommit {

    private AfterCommit() {
    }

    /** Runs {@code action} now, or after the current transaction commits. */
    public static void run(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
