package com.example.reliable.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two ids of an order event: the fingerprint names the operation and cannot be forged on the
 * wire; the digest tells the same operation's data from other data.
 */
class OperationIdsTest {

    // As strict as the consumers' converter: an unknown property would fail the read.
    private final JsonMapper json = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final ShippingAddress ADDRESS = new ShippingAddress("1 Main St", "Springfield", "12345", "US");

    @Test
    void theFingerprintSaysWhichOrderOperationItIs() {
        assertThat(created("m-1", 42, 0).fingerprint()).isEqualTo("order-42-created-v0");
        assertThat(new OrderCancelled("m-2", Instant.now(), 42, 1, List.of(new OrderLine("SKU-1", 1))).fingerprint())
                .isEqualTo("order-42-cancelled-v1");
    }

    @Test
    void theFingerprintTravelsOnTheWireButAForgedOneIsNotBelieved() {
        String written = json.writeValueAsString(created("m-1", 42, 0));
        assertThat(written).contains("\"fingerprint\":\"order-42-created-v0\"");

        String forged = written.replace("order-42-created-v0", "order-7-created-v0");
        assertThat(json.readValue(forged, OrderCreated.class).fingerprint()).isEqualTo("order-42-created-v0");
        // A message from before the fingerprint was derived (a random UUID) still reads.
        String legacy = written.replace("order-42-created-v0", "5b0c1d9e-8f3a-4c1e-9d2b-7a6f5e4d3c2b");
        assertThat(json.readValue(legacy, OrderCreated.class).fingerprint()).isEqualTo("order-42-created-v0");
    }

    @Test
    void theDigestChangesWithTheOperationsDataButNotWithTheMessage() {
        OrderCreated original = created("m-1", 42, 0);
        assertThat(created("m-other", 42, 0).digest()).as("another message, same operation").isEqualTo(original.digest());
        assertThat(new OrderCreated("m-1", original.occurredAt(), 42, 0, List.of(new OrderLine("SKU-1", 3)), ADDRESS)
                .digest()).as("other lines").isNotEqualTo(original.digest());
        assertThat(new OrderCreated("m-1", original.occurredAt(), 42, 0, original.lines(),
                new ShippingAddress("2 Main St", "Springfield", "12345", "US")).digest()).as("other address")
                .isNotEqualTo(original.digest());
        assertThat(json.readValue(json.writeValueAsString(original), OrderCreated.class).digest())
                .as("through JSON and back").isEqualTo(original.digest());
    }

    @Test
    void aReplysDigestChangesWithWhatItSaysButNotWithTheMessage() {
        var rejected = new StockRejected("m-1", Instant.now(), 42, 0, "SKU-5: 3 of 5");
        assertThat(new StockRejected("m-2", Instant.now(), 42, 0, "SKU-5: 3 of 5").digest())
                .as("another message, same answer").isEqualTo(rejected.digest());
        assertThat(new StockRejected("m-1", rejected.occurredAt(), 42, 0, "another reason").digest())
                .as("another reason").isNotEqualTo(rejected.digest());
        assertThat(new StockReserved("m-1", Instant.now(), 42, 0).digest())
                .isNotEqualTo(new StockReserved("m-1", Instant.now(), 42, 1).digest())
                .isNotEqualTo(new StockReleased("m-1", Instant.now(), 42, 0).digest());
    }

    @Test
    void aFieldCannotImitateAnotherInTheDigest() {
        // The same text, cut between street and city in two places: a record's toString would match.
        var a = new ShippingAddress("1 Main St, city=Springfield", "Springfield", "12345", "US");
        var b = new ShippingAddress("1 Main St", "Springfield, city=Springfield", "12345", "US");
        assertThat(a.toString()).isEqualTo(b.toString());
        var lines = List.of(new OrderLine("SKU-1", 1));
        assertThat(new OrderCreated("m", Instant.now(), 1, 0, lines, a).digest())
                .isNotEqualTo(new OrderCreated("m", Instant.now(), 1, 0, lines, b).digest());
        assertThat(OperationDigest.of("ab", "c")).isNotEqualTo(OperationDigest.of("a", "bc"));
        assertThat(OperationDigest.of((Object) null)).isNotEqualTo(OperationDigest.of("null"));
    }

    private static OrderCreated created(String messageId, long orderId, long version) {
        return new OrderCreated(messageId, Instant.parse("2026-11-30T10:00:00Z"), orderId, version,
                List.of(new OrderLine("SKU-1", 2)), ADDRESS);
    }
}
