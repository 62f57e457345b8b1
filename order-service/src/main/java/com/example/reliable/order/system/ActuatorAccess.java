package com.example.reliable.order.system;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.example.reliable.operator.OperatorAccessRules;

/**
 * order-service's one addition to the operator API's security, which the operator-security module
 * sets up as in every service ({@code /admin/**} for the operator, HTTP basic, no sessions, no CSRF
 * tokens, failed logins throttled): its actuator endpoints are the operator's too, except
 * {@code /actuator/health} and {@code /actuator/prometheus}, for probes and Prometheus. The orders
 * API, the console and the OpenAPI description ({@code /v3/api-docs}, {@code /swagger-ui.html}) stay
 * open, as in the demo. (logistics and inventory keep their actuator open: the console reads their
 * duplicates counter without credentials.)
 */
@Configuration(proxyBeanMethods = false)
class ActuatorAccess {

    @Bean
    OperatorAccessRules actuatorIsTheOperators() {
        return requests -> requests
                .requestMatchers(EndpointRequest.to("health", "prometheus")).permitAll()
                .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole("OPERATOR");
    }
}
