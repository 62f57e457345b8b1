package com.example.reliable.consuming;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * The dead-letter API is there in a web service with a broker, can be switched off, and refuses to
 * start where it could not confirm a replay: a replay without confirms could remove a dead letter
 * the broker never took.
 */
class OperatorApiConfigurationTest {

    private final WebApplicationContextRunner services = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ReliableConsumingAutoConfiguration.class));

    @Test
    void aWebServiceWithConfirmsAndReturnsGetsTheDeadLetterApi() {
        services.withBean(ConnectionFactory.class, () -> connections(true, true))
                .run(context -> assertThat(context).hasSingleBean(DeadLetterAdminController.class));
    }

    @Test
    void itCanBeSwitchedOff() {
        services.withBean(ConnectionFactory.class, () -> connections(true, true))
                .withPropertyValues("reliable.consuming.operator-api.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DeadLetterAdminController.class));
    }

    @Test
    void withoutConfirmsOrReturnsTheServiceDoesNotStartAndSaysWhy() {
        services.withBean(ConnectionFactory.class, () -> connections(false, true)).run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("publisher-confirm-type=correlated"));
        services.withBean(ConnectionFactory.class, () -> connections(true, false)).run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("publisher-returns=true"));
    }

    private static CachingConnectionFactory connections(boolean confirms, boolean returns) {
        CachingConnectionFactory connections = new CachingConnectionFactory("127.0.0.1");
        connections.setPublisherConfirmType(confirms ? CachingConnectionFactory.ConfirmType.CORRELATED
                : CachingConnectionFactory.ConfirmType.NONE);
        connections.setPublisherReturns(returns);
        return connections;
    }
}
