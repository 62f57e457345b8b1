package com.example.reliable.order.system;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import com.example.reliable.operator.OperatorAuthenticationEntryPoint;

/**
 * The operator API ({@code /admin/**}) needs HTTP basic auth as a user with role OPERATOR (the
 * account is {@code spring.security.user.*}), and so do the actuator endpoints except
 * {@code /actuator/health} and {@code /actuator/prometheus}; the orders API and its OpenAPI
 * description ({@code /v3/api-docs}, {@code /swagger-ui.html}) are open, as in the demo. No sessions
 * and no CSRF tokens: this is an API for programs and curl, with no cookies to forge. Failed logins
 * are throttled, and a missing or wrong password is answered with problem details, by the
 * operator-security module ({@link OperatorAuthenticationEntryPoint}, {@code operator.login.*}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, OperatorAuthenticationEntryPoint entryPoint)
            throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/admin/**").hasRole("OPERATOR")
                        // Health and the Prometheus scrape are open, for probes and Prometheus; every
                        // other actuator endpoint (metrics, ...) is the operator's.
                        .requestMatchers(EndpointRequest.to("health", "prometheus")).permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole("OPERATOR")
                        .anyRequest().permitAll())
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }
}
