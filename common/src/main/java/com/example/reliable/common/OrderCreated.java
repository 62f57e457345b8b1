package com.example.reliable.common;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An order was placed. Published on {@link OrderEvents#EXCHANGE} with routing key
 * {@link OrderEvents#CREATED}.
 * <p>
 * Two ids, two jobs. The {@code messageId} names the message: the record order-service stored, all
 * its resends, the AMQP {@code message_id}, the log lines. The {@link #fingerprint()} names the
 * operation ({@code order-42-created-v0}) and is what every consumer deduplicates on; it is derived
 * from the event's own fields, so it travels on the wire for readers but is never read from it: a
 * message cannot claim to be another order's operation. A consumer that sees a fingerprint again
 * compares the {@link #digest()}: the same data is a duplicate, other data is a conflict and is
 * refused.
 *
 * @param messageId unique per message, also the AMQP {@code message_id} property
 * @param occurredAt when the order was placed
 * @param orderId the order's id in order-service
 * @param orderVersion the order's version after this change (its JPA {@code @Version})
 * @param lines what was ordered
 * @param shippingAddress where to ship it
 */
@JsonIgnoreProperties(value = "fingerprint", allowGetters = true)
public record OrderCreated(String messageId, Instant occurredAt, long orderId, long orderVersion,
        List<OrderLine> lines, ShippingAddress shippingAddress) {

    /** The operation's name in its {@link #fingerprint()}. */
    public static final String OPERATION = "created";

    public OrderCreated {
        if (messageId == null || messageId.isBlank()) {
            throw new IllegalArgumentException("messageId must not be blank");
        }
        OrderInvariants.require(orderId, orderVersion, lines);
        lines = List.copyOf(lines);
    }

    /** This operation's id, the same in every message that reports it: {@code order-<id>-created-v<version>}. */
    @JsonProperty("fingerprint")
    public String fingerprint() {
        return OrderEvents.fingerprint(orderId, OPERATION, orderVersion);
    }

    /** The SHA-256 of what this operation says: order, version, lines and address (not the message id or time). */
    public String digest() {
        return shippingAddress == null
                ? OperationDigest.ofOrder(OPERATION, orderId, orderVersion, lines, (Object) null)
                : OperationDigest.ofOrder(OPERATION, orderId, orderVersion, lines, shippingAddress.street(),
                        shippingAddress.city(), shippingAddress.postalCode(), shippingAddress.country());
    }
}
