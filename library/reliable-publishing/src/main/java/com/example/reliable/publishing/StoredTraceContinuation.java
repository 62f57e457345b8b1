package com.example.reliable.publishing;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * {@link MessageTracing} over micrometer-tracing's {@link Tracer} and {@link Propagator}, so that the
 * module is bound to no tracer (Spring Boot makes both for Brave or OpenTelemetry). The kept context
 * is what the propagator writes as {@code traceparent}: W3C, Boot's default
 * ({@code management.tracing.propagation.produce}); a service that produces only B3 keeps none.
 * <p>
 * <b>A child, not a link.</b> {@link #resume} starts the span {@value #SPAN_NAME} (tagged with the
 * message id and the attempts before it) as a <em>child</em> of the stored context, and Boot's
 * {@code RabbitTemplate} observation makes its send span a child of that. A resend is the
 * continuation of the one logical send the request started — a request stores one such message —
 * so the consumers' spans hang under the order request in one trace, as when the relay sent it at
 * once. A span link is for a publish that gathers many unrelated traces (one batch message for many
 * requests); here each record of the job's batch gets its own span under its own stored context,
 * whatever span, if any, the job's thread has (the job's scheduler is not observed, so it has none).
 * <p>
 * Only well-formed version-00 contexts (55 characters) are kept; anything else is kept as none, so
 * the store's column always fits and a save never fails for the sake of a trace.
 */
final class StoredTraceContinuation implements MessageTracing {

    static final String SPAN_NAME = "publishing.resend";

    private static final String TRACEPARENT = "traceparent";

    private static final Pattern VERSION_00 = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private final Tracer tracer;
    private final Propagator propagator;

    StoredTraceContinuation(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public String current() {
        Span span = tracer.currentSpan();
        if (span == null || span.isNoop()) {
            return null;
        }
        Map<String, String> headers = new HashMap<>();
        propagator.inject(span.context(), headers, Map::put);
        String traceparent = headers.get(TRACEPARENT);
        return traceparent != null && VERSION_00.matcher(traceparent).matches() ? traceparent : null;
    }

    @Override
    public Resumed resume(MessageRecord record) {
        String traceparent = record.message().traceparent();
        if (traceparent == null) {
            return () -> {
            };
        }
        Span span = propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get)
                .name(SPAN_NAME)
                .tag("messaging.message.id", record.id())
                .tag("publishing.attempts.before", record.attempts())
                .start();
        Tracer.SpanInScope scope = tracer.withSpan(span);
        return () -> {
            scope.close();
            span.end();
        };
    }
}
