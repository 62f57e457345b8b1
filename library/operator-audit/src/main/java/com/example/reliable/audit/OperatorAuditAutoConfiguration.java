package com.example.reliable.audit;

import java.time.Clock;

import javax.sql.DataSource;

import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail for any service that has this module on its class path (listed in
 * {@code META-INF/spring/…AutoConfiguration.imports}): an {@link OperatorAudit} that the operator
 * APIs act through, writing to {@code operator_audit} in the service's {@code DataSource} with the
 * service's transaction manager (the one its own changes commit with), {@link AuditRetention} purging
 * it, {@code GET /admin/audit} reading it, and {@link RefusedOperatorRequests} recording the actions
 * security turned away. A service without a {@code DataSource} gets {@link OperatorAudit#logOnly()},
 * and says so at start-up. The table is the service's to create, in a migration of its own, from
 * {@code com/example/reliable/audit/operator-audit-mysql.sql}.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration" })
@EnableConfigurationProperties(OperatorAuditProperties.class)
public class OperatorAuditAutoConfiguration {

    /**
     * Just outside Spring Security's filter chain (registered at {@code -100},
     * {@code SecurityProperties.DEFAULT_FILTER_ORDER}), inside the failed-login throttle.
     */
    static final int REFUSED_REQUESTS_ORDER = -101;

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean({ DataSource.class, PlatformTransactionManager.class })
    static class InTheDatabase {

        @Bean
        AuditTable auditTable(DataSource dataSource) {
            return new AuditTable(dataSource);
        }

        @Bean
        @ConditionalOnMissingBean
        OperatorAudit operatorAudit(AuditTable table, PlatformTransactionManager transactions,
                ObjectProvider<Clock> clock) {
            return new OperatorAudit(table, new TransactionTemplate(transactions), clock.getIfAvailable(Clock::systemUTC));
        }

        @Bean
        AuditRetention auditRetention(AuditTable table, OperatorAuditProperties properties, ObjectProvider<Clock> clock) {
            return new AuditRetention(table, properties, clock.getIfAvailable(Clock::systemUTC));
        }

        @Bean
        @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
        OperatorAuditController operatorAuditController(AuditTable table) {
            return new OperatorAuditController(table);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    OperatorAudit logOnlyOperatorAudit() {
        LoggerFactory.getLogger(OperatorAudit.class)
                .warn("No DataSource: operator actions are logged, and not written to an audit trail");
        return OperatorAudit.logOnly();
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    FilterRegistrationBean<RefusedOperatorRequests> refusedOperatorRequests(OperatorAudit audit) {
        FilterRegistrationBean<RefusedOperatorRequests> registration = new FilterRegistrationBean<>(
                new RefusedOperatorRequests(audit));
        registration.setOrder(REFUSED_REQUESTS_ORDER);
        return registration;
    }
}
