package com.example.reliable.testsupport;

import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Transactions with nothing to commit: enough for code that runs "after the commit" (such as
 * {@code ReliablePublisher}'s hand-over to the relay) to run exactly as in a service, without a
 * database. An inner transaction joins the outer one, so its after-commit work waits for the outer
 * commit, as with a real transaction manager.
 */
public final class ResourcelessTransactionManager extends AbstractPlatformTransactionManager {

    @Override
    protected Object doGetTransaction() {
        return TransactionSynchronizationManager.isActualTransactionActive(); // whether one is open already
    }

    @Override
    protected boolean isExistingTransaction(Object transaction) {
        return (Boolean) transaction;
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
    }

    @Override
    protected void doRollback(DefaultTransactionStatus status) {
    }
}
