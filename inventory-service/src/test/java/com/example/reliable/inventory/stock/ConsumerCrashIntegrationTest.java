package com.example.reliable.inventory.stock;

import static com.example.reliable.testsupport.OrderEventsProducer.created;
import static com.example.reliable.testsupport.OrderEventsProducer.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.example.reliable.consuming.DuplicateCounter;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.consuming.ConsumerQueue;
import com.example.reliable.inventory.InventoryServiceIntegrationTest;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.OrderEventsProducer;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;

/**
 * The gap that no acknowledgement mode closes: the consumer commits its transaction and dies before
 * its ack reaches the broker. RabbitMQ then delivers the message again, to another consumer, and
 * only the {@code t_check} rows committed with the stock change stop it from being applied twice.
 */
@InventoryServiceIntegrationTest
@IsolatedInfrastructure
class ConsumerCrashIntegrationTest {

    @Autowired RabbitTemplate rabbit;
    @Autowired AmqpAdmin admin;
    @Autowired CachingConnectionFactory connectionFactory;
    @Autowired RabbitListenerEndpointRegistry listeners;
    @Autowired MessageConverter converter;
    @Autowired InventoryMessagingProperties properties;
    @Autowired ReservationService reservations;
    @Autowired DuplicateCounter duplicates;
    @Autowired JdbcClient jdbc;

    OrderEventsProducer producer;
    InventoryTables tables;

    @BeforeEach
    void setUp() {
        producer = new OrderEventsProducer(rabbit, properties.exchange());
        tables = new InventoryTables(jdbc);
    }

    @AfterEach
    void restartListener() {
        listeners.getListenerContainer(OrderEventsListener.ID).start();
    }

    @Test
    void messageRedeliveredAfterTheConsumerDiedBeforeItsAckChangesNothing() throws Exception {
        // The service's own consumer steps aside, so that ours gets the message.
        listeners.getListenerContainer(OrderEventsListener.ID).stop();
        OrderCreated order = created(4711, line("SKU-1", 4));
        int sku1 = tables.stock("SKU-1");
        producer.send(order);

        // A consumer that dies: it takes the message without auto-ack, applies it through the service
        // (the transaction commits), and its connection goes away before it acks. A connection of its
        // own, because closing a channel of Boot's caching connection factory would only return the
        // channel to the cache, with the delivery still unacked on it.
        try (Connection connection = connectionFactory.getRabbitConnectionFactory().newConnection()) {
            Channel channel = connection.createChannel();
            GetResponse response = await().atMost(Duration.ofSeconds(5))
                    .until(() -> channel.basicGet(properties.queue(), false), Objects::nonNull);
            Message message = new Message(response.getBody(), new DefaultMessagePropertiesConverter()
                    .toMessageProperties(response.getProps(), response.getEnvelope(), StandardCharsets.UTF_8.name()));
            reservations.apply((OrderCreated) converter.fromMessage(message));
            // no basicAck: the connection closes here with the delivery unacknowledged
        }
        assertThat(tables.stock("SKU-1")).as("applied and committed").isEqualTo(sku1 - 4);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> admin.getQueueInfo(properties.queue()).getMessageCount() == 1);
        long skipped = duplicates.count();

        listeners.getListenerContainer(OrderEventsListener.ID).start();

        await().atMost(Duration.ofSeconds(10)).until(() -> duplicates.count() == skipped + 1);
        assertThat(tables.stock("SKU-1")).as("the redelivery changed nothing").isEqualTo(sku1 - 4);
        assertThat(tables.checkRows(order.fingerprint())).isEqualTo(1);
        assertThat(tables.status(order.orderId())).hasValue(ReservationStatus.RESERVED);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> admin.getQueueInfo(properties.queue()).getMessageCount() == 0);
        assertThat(admin.getQueueInfo(ConsumerQueue.deadLetterQueue(properties.queue())).getMessageCount()).isZero();
    }
}
