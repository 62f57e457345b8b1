package com.example.reliable.publishing;

import java.time.Clock;
import java.time.Duration;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
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
 * record is still there and the {@link CompensationJob} resends it.</li>
 * </ol>
 */
public class ReliablePublisher {

    private final MessageStore store;
    private final MessageRelay relay;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration resendAfter;

    ReliablePublisher(MessageStore store, MessageRelay relay, JsonMapper json, Clock clock, Duration resendAfter) {
        this.store = store;
        this.relay = relay;
        this.json = json;
        this.clock = clock;
        this.resendAfter = resendAfter;
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
        var now = clock.instant();
        var message = new OutgoingMessage(messageId, exchange, routingKey, payload.getClass().getSimpleName(),
                json.writeValueAsString(payload), source, now);
        var record = MessageRecord.sending(message, now.plus(resendAfter));

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
}
