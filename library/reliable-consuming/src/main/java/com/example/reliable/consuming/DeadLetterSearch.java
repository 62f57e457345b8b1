package com.example.reliable.consuming;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the dead letters that report one business object (an order's, say): those whose
 * {@code source-id} header is {@code sourceId}, among the first messages of each of this service's
 * dead-letter queues (as many as {@code reliable.consuming.operator-api.scan-limit}). Reading leaves
 * every message where it is. For a service's own operator search: "which dead letters name this
 * order?".
 */
public final class DeadLetterSearch {

    private final DeadLetterQueues deadLetters;
    private final int scanLimit;

    DeadLetterSearch(DeadLetterQueues deadLetters, int scanLimit) {
        this.deadLetters = deadLetters;
        this.scanLimit = scanLimit;
    }

    public List<DeadLetter> naming(String sourceId) {
        List<DeadLetter> found = new ArrayList<>();
        for (String queue : deadLetters.names()) {
            deadLetters.read(queue, scanLimit).stream().filter(message -> sourceId.equals(message.sourceId()))
                    .forEach(found::add);
        }
        return found;
    }
}
