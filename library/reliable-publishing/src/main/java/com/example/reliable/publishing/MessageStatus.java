package com.example.reliable.publishing;

/**
 * Where a stored message is in its life. A delivered or discarded message has no status: its
 * record is gone.
 *
 * <pre>
 *  stored in the business transaction
 *        |
 *        v
 *   SENDING --confirm (ack, not returned)--------------------> removed (delivered)
 *     |  ^  \--check-back: never committed------------------> removed (discarded)
 *     |  |
 *     |  +-- failed attempt (nack, returned, no confirm) below the cap: resent after a backoff
 *     |
 *     +-- failed attempt number {@code maxAttempts} --> FAILED --operator: retry--> SENDING
 *                                                         \--operator: discard--> removed
 * </pre>
 */
public enum MessageStatus {

    /** Not yet confirmed by the broker; the compensation job resends it when it is due. */
    SENDING,

    /** Gave up after the attempt cap; stays until an operator retries or discards it. */
    FAILED
}
