package com.example.reliable.inventory.stock;

import static com.example.reliable.testsupport.OrderEventsProducer.created;
import static com.example.reliable.testsupport.OrderEventsProducer.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.example.reliable.consuming.DuplicateCounter;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.consuming.ConsumerQueue;
import com.example.reliable.inventory.InventoryServiceIntegrationTest;
import com.example.reliable.testsupport.IsolatedInfrastructure;
import com.example.reliable.testsupport.OrderEventsProducer;
import com.example.reliable.testsupport.Servers;
import com.example.reliable.testsupport.TcpProxy;

/**
 * The database goes away while order events arrive. The consumer neither acks nor rejects them: it
 * waits in its own thread, retrying, so nothing is applied, nothing is lost and nothing is
 * dead-lettered; once the database is back, every event is applied exactly once. inventory-service
 * reaches MySQL through a {@link TcpProxy}; the test reads the tables over a connection of its own.
 */
@InventoryServiceIntegrationTest
@IsolatedInfrastructure(databaseThroughProxy = true)
class DatabaseOutageIntegrationTest {

    @Autowired RabbitTemplate rabbit;
    @Autowired AmqpAdmin admin;
    @Autowired InventoryMessagingProperties properties;
    @Autowired DuplicateCounter duplicates;
    @Autowired TcpProxy databaseProxy;
    @Value("${test.namespace}") String database;

    OrderEventsProducer producer;
    InventoryTables tables;

    @BeforeEach
    void setUp() {
        producer = new OrderEventsProducer(rabbit, properties.exchange());
        Servers servers = Servers.get();
        // Straight to the server, past the proxy the service uses.
        tables = new InventoryTables(JdbcClient.create(
                new DriverManagerDataSource(servers.jdbcUrl(database), servers.mysqlUser(), servers.mysqlPassword())));
    }

    @AfterEach
    void healDatabase() {
        databaseProxy.restore();
    }

    @Test
    void eventsThatArriveWhileTheDatabaseIsAwayAreAppliedOnceItIsBack() {
        OrderCreated first = created(3001, line("SKU-1", 1), line("SKU-2", 1));
        OrderCreated second = created(3002, line("SKU-2", 2));
        int sku1 = tables.stock("SKU-1");
        int sku2 = tables.stock("SKU-2");
        long skipped = duplicates.count();
        databaseProxy.cut();

        producer.send(first);
        producer.send(second);
        producer.send(first); // a resend, while the first copy waits too

        // The consumers have taken all three (none left ready in the queue) and hold them unacked...
        await().atMost(Duration.ofSeconds(5)).until(() -> admin.getQueueInfo(properties.queue()).getMessageCount() == 0);
        // ...and, for as long as the database is away, apply none and dead-letter none.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() ->
                tables.checkRows(first.fingerprint()) == 0 && tables.checkRows(second.fingerprint()) == 0
                        && deadLetterCount() == 0);
        assertThat(tables.stock("SKU-2")).isEqualTo(sku2);

        databaseProxy.restore();

        await().atMost(Duration.ofSeconds(15)).until(() -> tables.status(first.orderId()).isPresent()
                && tables.status(second.orderId()).isPresent() && duplicates.count() == skipped + 1);
        assertThat(tables.status(first.orderId())).hasValue(ReservationStatus.RESERVED);
        assertThat(tables.status(second.orderId())).hasValue(ReservationStatus.RESERVED);
        assertThat(tables.stock("SKU-1")).isEqualTo(sku1 - 1);
        assertThat(tables.stock("SKU-2")).isEqualTo(sku2 - 3);
        assertThat(tables.checkRows(first.fingerprint())).isEqualTo(2);
        assertThat(deadLetterCount()).isZero();
    }

    private long deadLetterCount() {
        return admin.getQueueInfo(ConsumerQueue.deadLetterQueue(properties.queue())).getMessageCount();
    }
}
