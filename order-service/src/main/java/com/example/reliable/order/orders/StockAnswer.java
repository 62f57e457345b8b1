package com.example.reliable.order.orders;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * The answer an order's {@code OrderCreated} got from inventory ({@code stock_answers}): which reply
 * it was (its operation, {@code order-42-stock-reserved-v0}) and what it said (its digest). One per
 * order: the primary key lets the first answer in and fails any second insert, so of two replies
 * racing, one commits and the other, retried, meets it and is compared with it
 * ({@link StockReplyCheck}). Always inserted ({@link #isNew()}), never merged over another.
 */
@Entity
@Table(name = "stock_answers")
class StockAnswer implements Persistable<Long> {

    @Id
    private Long orderId;

    private String operation;

    /** {@code null} for an answer recorded by the migration that made the table: its data is unknown. */
    private String digest;

    private Instant receivedAt;

    /** The reply's message; {@code null} for an answer recorded before the column existed. */
    private String messageId;

    @Transient
    private boolean isNew;

    protected StockAnswer() {
        // for JPA
    }

    StockAnswer(long orderId, String operation, String digest, String messageId, Instant receivedAt) {
        this.orderId = orderId;
        this.operation = operation;
        this.digest = digest;
        this.messageId = messageId;
        this.receivedAt = receivedAt;
        this.isNew = true;
    }

    /** Whether a reply is this answer again: the same operation with the same data. */
    boolean isRepeatedBy(String operation, String digest) {
        return this.operation.equals(operation) && (this.digest == null || this.digest.equals(digest));
    }

    @Override
    public Long getId() {
        return orderId;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostPersist
    @PostLoad
    void saved() {
        isNew = false;
    }

    String getOperation() {
        return operation;
    }

    Instant getReceivedAt() {
        return receivedAt;
    }

    String getMessageId() {
        return messageId;
    }
}
