package com.example.reliable.order.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.reliable.publishing.Source;
import com.example.reliable.testsupport.IsolatedInfrastructure;

import jakarta.persistence.EntityManagerFactory;

/**
 * The compensation job asks about a whole batch at once; order-service answers with one query,
 * whatever the batch's size, and tells committed changes from rolled-back ones: an order that
 * exists at the message's version or later is committed; a missing order, or one still at an older
 * version (its cancel rolled back), is not.
 */
@OrderServiceIntegrationTest
@IsolatedInfrastructure
@TestPropertySource(properties = "spring.jpa.properties.hibernate.generate_statistics=true")
class OrderCheckBackIntegrationTest {

    @Autowired OrderCheckBack checkBack;
    @Autowired OrderIds ids;
    @Autowired OrderRepository orders;
    @Autowired TransactionTemplate transaction;
    @Autowired EntityManagerFactory entityManagers;

    @Test
    void aBatchOfSourcesIsAnsweredWithOneQuery() {
        List<Source> committed = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Order order = transaction.execute(status -> orders.saveAndFlush(new Order(ids.next(), "c-check", List.of(new Line("SKU-1", 1)),
                    new Address("1 Main St", "Springfield", "12345", "US"), Instant.now(), null, null)));
            committed.add(new Source(String.valueOf(order.getId()), order.getVersion()));
        }
        Source neverCommitted = new Source("987654321", 0);
        Source cancelRolledBack = new Source(committed.get(0).id(), committed.get(0).version() + 1);
        List<Source> batch = new ArrayList<>(committed);
        batch.add(neverCommitted);
        batch.add(cancelRolledBack);
        var statistics = entityManagers.unwrap(SessionFactory.class).getStatistics();
        statistics.clear();

        var answer = checkBack.committed(batch);

        assertThat(answer).containsExactlyInAnyOrderElementsOf(committed);
        assertThat(statistics.getPrepareStatementCount()).as("SQL statements for 202 sources").isEqualTo(1);
    }
}
