package com.example.reliable.logistics.shipments;

import java.time.Instant;

/** One operation this service applied: its fingerprint, the message that brought it, when, and what it did. */
record AppliedOperation(String operation, String messageId, Instant appliedAt, String effect) {
}
