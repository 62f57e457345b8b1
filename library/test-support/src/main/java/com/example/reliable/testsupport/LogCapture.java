package com.example.reliable.testsupport;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * What one class logs during each test, with the MDC of the thread that logged it (a listener
 * thread, say), so that a test can check which ids a log line carries. Register it with
 * {@code @RegisterExtension}; it attaches before each test and detaches after.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    private final Logger logger;
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing(); // takes the MDC of the logging thread, now
            events.add(event);
        }
    };

    /** Captures what {@code source}'s logger logs. */
    public LogCapture(Class<?> source) {
        this.logger = (Logger) LoggerFactory.getLogger(source);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        events.clear();
        appender.start();
        logger.addAppender(appender);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        logger.detachAppender(appender);
        appender.stop();
    }

    /**
     * Attaches again after a Spring application started in the test: Spring Boot's logging system
     * resets Logback when it starts, which detaches and stops every appender.
     */
    public void attachAgain() {
        appender.start();
        logger.addAppender(appender);
    }

    /** Waits (up to 10 s) for the first line whose message starts with {@code prefix}, and returns it. */
    public ILoggingEvent awaitLineStartingWith(String prefix) {
        return await("a log line starting with " + prefix).atMost(Duration.ofSeconds(10))
                .until(() -> events.stream().filter(event -> event.getFormattedMessage().startsWith(prefix))
                        .findFirst().orElse(null), Objects::nonNull);
    }

    /** Every line logged so far whose message starts with {@code prefix}, in order. */
    public List<ILoggingEvent> linesStartingWith(String prefix) {
        return events.stream().filter(event -> event.getFormattedMessage().startsWith(prefix)).toList();
    }
}
