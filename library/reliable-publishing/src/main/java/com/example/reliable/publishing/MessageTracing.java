package com.example.reliable.publishing;

/**
 * Keeps a message in the trace of the code that stored it, across threads and resends. When the
 * record is made, {@link #current()} gives the W3C {@code traceparent} of the current span (the
 * {@code POST /orders} request's, a listener's), which the record keeps with the message
 * ({@link OutgoingMessage#traceparent()}), in either store. A publish that has no live observation
 * of its caller to run in — every resend by the {@link com.example.reliable.publishing.job.CompensationJob} — is made inside
 * {@link #resume}: a short span that continues that stored trace, so the message's {@code traceparent}
 * header names the request's trace however late and from wherever it is sent.
 * <p>
 * {@link #OFF} without micrometer-tracing or a {@code Tracer}: nothing is kept, and publishes are made
 * exactly as without this class. With tracing, {@link StoredTraceContinuation}.
 */
interface MessageTracing {

    /** No tracing: no trace is kept, none resumed. */
    MessageTracing OFF = new MessageTracing() {

        @Override
        public String current() {
            return null;
        }

        @Override
        public Resumed resume(MessageRecord record) {
            return () -> {
            };
        }
    };

    /** The W3C {@code traceparent} of the current span, or {@code null} when there is none. */
    String current();

    /**
     * Opens, for one publish of the record, a span continuing the trace it was stored in, current on
     * this thread until closed; nothing if the record kept no trace.
     */
    Resumed resume(MessageRecord record);

    /** A resumed trace, in scope until closed. */
    interface Resumed extends AutoCloseable {

        /** Takes the span out of scope and ends it. */
        @Override
        void close();
    }
}
