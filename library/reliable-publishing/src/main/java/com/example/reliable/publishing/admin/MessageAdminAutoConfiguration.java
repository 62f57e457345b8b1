package com.example.reliable.publishing.admin;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.RestController;

import com.example.reliable.audit.OperatorAudit;
import com.example.reliable.publishing.CheckBack;
import com.example.reliable.publishing.MessageStore;
import com.example.reliable.publishing.PublishingMetrics;
import com.example.reliable.publishing.ReliablePublishingAutoConfiguration;

/**
 * The operator endpoints of reliable publishing ({@link MessageAdminController}), in a servlet web
 * application with Spring MVC, unless {@code reliable.publishing.operator-api.enabled=false} (a service
 * that does not secure {@code /admin/**} must switch them off). A service without Spring MVC gets the
 * publish path without them.
 */
@AutoConfiguration(after = ReliablePublishingAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RestController.class)
@ConditionalOnBooleanProperty(name = "reliable.publishing.operator-api.enabled", matchIfMissing = true)
public class MessageAdminAutoConfiguration {

    @Bean
    MessageAdminController messageAdminController(MessageStore store, CheckBack checkBack, PublishingMetrics metrics,
            Clock clock, ObjectProvider<OperatorAudit> audit) {
        return new MessageAdminController(store, checkBack, metrics, clock, audit.getIfAvailable(OperatorAudit::logOnly));
    }
}
