/**
 * Reliable publishing: a message is stored before the business transaction commits, published
 * after it commits, removed only when the broker confirms it, and resent by a compensation job
 * when no confirm comes. With tracing, a message stays in the trace of the code that stored it,
 * resends included ({@link MessageTracing}). Service-neutral: a service supplies a
 * {@link CheckBack} and calls {@link ReliablePublisher#send}.
 */
package com.example.reliable.publishing;
