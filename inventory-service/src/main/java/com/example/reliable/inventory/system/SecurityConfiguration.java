package com.example.reliable.inventory.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import com.example.reliable.operator.OperatorAuthenticationEntryPoint;

/**
 * The operator API ({@code /admin/**}: the dead-letter queues, the stored messages) needs HTTP basic
 * auth as a user with role OPERATOR, the same account as order-service's ({@code spring.security.user.*},
 * from {@code ADMIN_USER}/{@code ADMIN_PASSWORD}). Everything else stays open as before: the read-only
 * API the console shows, health, metrics and Prometheus. No sessions and no CSRF tokens: an API for
 * programs and curl, with no cookies to forge. Failed logins are throttled, and a missing or wrong
 * password is answered with problem details, by the operator-security module
 * ({@link OperatorAuthenticationEntryPoint}, {@code operator.login.*}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, OperatorAuthenticationEntryPoint entryPoint)
            throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/admin/**").hasRole("OPERATOR")
                        .anyRequest().permitAll())
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }
}
