package com.example.reliable.publishing;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

import tools.jackson.databind.json.JsonMapper;

/**
 * What a service calls to send a message reliably, from inside the transaction that makes the
 * change the message reports.
 * <ol>
 * <li>now, before the transaction commits: the message is stored with status SENDING. If that
 * fails, the transaction rolls back: there is never a committed change without its message;</li>
 * <li>after the commit: it is handed to the {@link MessageRelay}, which publishes it on a thread
 * of its own; the broker's confirm removes the record. {@code send} and the commit never wait for
 * the broker;</li>
 * <li>if the service dies in between, the relay is full, or the broker does not confirm, the
 * record is still there and the {@link com.example.reliable.publishing.job.CompensationJob} resends it.</li>
 * </ol>
 * The record keeps the trace of the span current at {@code send} (the request's, the listener's), so
 * that a resend, however late, continues that trace ({@link MessageTracing}).
 * {@link #storeThenCommit} is the same path in another order, for a change whose source id and
 * version are known before its transaction begins (an order id handed out in advance): the record is
 * written <em>before</em> the transaction, so the store's latency — or its outage, up to the store's
 * timeout — never holds a database connection. A record whose change then rolls back is discarded at
 * once; if the service dies first, the job's check-back finds the change never committed and
 * discards it after {@code transaction-timeout}.
 */
public class ReliablePublisher {

    private static final Logger log = LoggerFactory.getLogger(ReliablePublisher.class);

    private final MessageStore store;
    private final MessageRelay relay;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration resendAfter;
    private final ObjectProvider<PlatformTransactionManager> transactionManager;
    private final MessageTracing tracing;

    ReliablePublisher(MessageStore store, MessageRelay relay, JsonMapper json, Clock clock, Duration resendAfter,
            ObjectProvider<PlatformTransactionManager> transactionManager, MessageTracing tracing) {
        this.store = store;
        this.relay = relay;
        this.json = json;
        this.clock = clock;
        this.resendAfter = resendAfter;
        this.transactionManager = transactionManager;
        this.tracing = tracing;
    }

    /**
     * Stores the message now and publishes it once the current transaction has committed.
     *
     * @param messageId the message's unique id
     * @param payload a record, sent as JSON; its simple class name is the AMQP {@code type}
     * @param source the change the message reports, checked back before any resend
     * @throws IllegalStateException outside a transaction
     */
    public void send(String exchange, String routingKey, String messageId, Object payload, Source source) {
        Assert.state(TransactionSynchronizationManager.isSynchronizationActive(),
                "send must be called inside the transaction that makes the change it reports");
        var record = record(exchange, routingKey, messageId, payload, source);

        // Written before the commit: a crash right after the commit leaves this record for the job.
        store.save(record);

        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                // Handed over, not published here: the caller (an HTTP request, a listener) never waits
                // for a connection, a blocked broker or a confirm. A full relay leaves it to the job.
                relay.submit(record);
            }
        });
    }

    /**
     * Stores the message first, then makes the change in a transaction of its own, then hands the
     * message to the relay. While the store is written no database connection is held, because no
     * transaction has begun. With a store that {@linkplain MessageStore#savesInCallersTransaction()
     * saves in the caller's transaction} (the database outbox), the record is saved as the first
     * statement of the change's transaction instead, and commits or rolls back with it.
     *
     * @param source the change the message reports: its id and version must be the ones the change
     *     commits, since the check-back decides by them
     * @param change the business change, run inside a new transaction
     * @return what {@code change} returned
     * @throws IllegalStateException inside a transaction (the point is to store before one begins)
     */
    public <T> T storeThenCommit(String exchange, String routingKey, String messageId, Object payload, Source source,
            Supplier<T> change) {
        Assert.state(!TransactionSynchronizationManager.isActualTransactionActive(),
                "storeThenCommit stores before the transaction begins: call it outside one");
        var record = record(exchange, routingKey, messageId, payload, source);
        var transactions = new TransactionTemplate(transactionManager.getObject());
        if (store.savesInCallersTransaction()) {
            // A transactional outbox: the record is part of the change's transaction, nothing to undo.
            T result = transactions.execute(status -> {
                store.save(record);
                return change.get();
            });
            relay.submit(record);
            return result;
        }
        store.save(record); // a store outage fails here, before any database connection is taken

        boolean[] changeFailed = { false };
        T result;
        try {
            result = transactions.execute(status -> {
                try {
                    return change.get();
                }
                catch (RuntimeException | Error ex) {
                    changeFailed[0] = true;
                    throw ex;
                }
            });
        }
        catch (RuntimeException | Error ex) {
            if (changeFailed[0]) {
                // Rolled back for certain: nothing to report. (A failed *commit* may still have committed:
                // that record stays, and the job's check-back decides.)
                discardQuietly(record, ex);
            }
            throw ex;
        }
        relay.submit(record);
        return result;
    }

    private MessageRecord record(String exchange, String routingKey, String messageId, Object payload, Source source) {
        var now = clock.instant();
        var message = new OutgoingMessage(messageId, exchange, routingKey, payload.getClass().getSimpleName(),
                json.writeValueAsString(payload), source, now, tracing.current());
        return MessageRecord.sending(message, now.plus(resendAfter));
    }

    private void discardQuietly(MessageRecord record, Throwable cause) {
        try {
            store.discard(record.id());
            log.debug("Discarded message {}: its change rolled back ({})", record.id(), cause.toString());
        }
        catch (RuntimeException ex) {
            log.warn("Could not discard message {} after its change rolled back; the job's check-back will: {}",
                    record.id(), ex.toString());
        }
    }
}
