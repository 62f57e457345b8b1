package com.example.reliable.audit;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * What a service gets from the module: with a database, the trail written to it, its list and its
 * purge; without one, every action still logged, and nothing claims to be written. In both, the
 * requests security refuses are recorded. Settings that make no sense stop the start.
 */
class OperatorAuditAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OperatorAuditAutoConfiguration.class));

    @Test
    void withADatabaseTheTrailIsWrittenListedAndPurged() {
        runner.withBean(DataSource.class, () -> new DriverManagerDataSource("jdbc:mariadb://127.0.0.1:1/none"))
                .withBean(PlatformTransactionManager.class, () -> new DataSourceTransactionManager(
                        new DriverManagerDataSource("jdbc:mariadb://127.0.0.1:1/none")))
                .run(context -> {
                    assertThat(context).hasSingleBean(OperatorAudit.class).hasSingleBean(AuditTable.class)
                            .hasSingleBean(OperatorAuditController.class).hasSingleBean(AuditRetention.class);
                    assertThat(context.getBean(FilterRegistrationBean.class).getFilter())
                            .isInstanceOf(RefusedOperatorRequests.class);
                });
    }

    @Test
    void withoutADatabaseEveryActionIsLoggedAndNothingClaimsToBeWritten() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(OperatorAudit.class).doesNotHaveBean(AuditTable.class)
                    .doesNotHaveBean(OperatorAuditController.class).doesNotHaveBean(AuditRetention.class);
            assertThat(context.getBean(FilterRegistrationBean.class).getFilter()).isInstanceOf(RefusedOperatorRequests.class);
        });
    }

    @Test
    void aRetentionThatIsNotPositiveStopsTheStart() {
        runner.withPropertyValues("operator.audit.retention=0s").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("operator.audit.retention must be positive"));
    }
}
