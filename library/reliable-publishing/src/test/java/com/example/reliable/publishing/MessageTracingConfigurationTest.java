package com.example.reliable.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Tracing is optional: without micrometer-tracing on the class path, or without a tracer, the module
 * keeps no trace and publishes as it always did; only with a tracer and a propagator does a record
 * keep one. (With a real tracer: {@link ResendTraceIntegrationTest}.)
 */
class MessageTracingConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(ReliablePublishingAutoConfiguration.Tracing.class);

    @Test
    void withoutMicrometerTracingOnTheClassPathThereIsNoTracingBeanAndTheModuleKeepsNoTrace() {
        context.withClassLoader(new FilteredClassLoader(Tracer.class))
                .run(app -> assertThat(app).hasNotFailed().doesNotHaveBean(MessageTracing.class));
    }

    @Test
    void withoutATracerNothingIsKept() {
        context.run(app -> assertThat(app.getBean(MessageTracing.class)).isSameAs(MessageTracing.OFF));
    }

    @Test
    void aTracerWithoutACurrentSpanKeepsNoTraceAndAnUntracedRecordResumesNone() {
        context.withBean(Tracer.class, () -> Tracer.NOOP).withBean(Propagator.class, () -> Propagator.NOOP)
                .run(app -> {
                    MessageTracing tracing = app.getBean(MessageTracing.class);
                    assertThat(tracing).isInstanceOf(StoredTraceContinuation.class);
                    assertThat(tracing.current()).isNull();
                    var message = new OutgoingMessage("m-1", "ex", "rk", "Thing", "{}", new Source("1", 0),
                            Instant.now(), null);
                    try (var resumed = tracing.resume(MessageRecord.sending(message, Instant.now()))) {
                        assertThat(resumed).isNotNull();
                    }
                });
    }
}
