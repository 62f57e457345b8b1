package com.example.reliable.operator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import tools.jackson.databind.json.JsonMapper;

/**
 * The operator API's security for any servlet web service with Spring Security that has this module
 * on its class path (listed in {@code META-INF/spring/…AutoConfiguration.imports}), the same in every
 * service:
 * <ul>
 * <li>who may call what: {@code /admin/**} needs HTTP basic as a user with role {@code OPERATOR} (the
 * account is {@code spring.security.user.*}); then the service's own {@link OperatorAccessRules}
 * beans; everything else is open. No sessions and no CSRF tokens: an API for programs and curl,
 * with no cookies to forge;</li>
 * <li>a missing or wrong password is answered {@code 401} problem details by the
 * {@link OperatorAuthenticationEntryPoint};</li>
 * <li>password guessing is cut short by the {@link FailedLoginThrottle} in front of Spring Security,
 * with its memory, {@link LoginFailures}, set by {@code operator.login.*}.</li>
 * </ul>
 * A service that declares a {@link SecurityFilterChain} of its own replaces the operator API's
 * (as it would replace Spring Boot's default chain) and keeps the entry point and the throttle; one
 * that only adds rules declares {@link OperatorAccessRules} instead. Runs before Spring Boot's web
 * and actuator security, whose default chains back off when this one is there.
 */
@AutoConfiguration(before = { ManagementWebSecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
@EnableConfigurationProperties(OperatorLoginProperties.class)
public class OperatorSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LoginFailures loginFailures(OperatorLoginProperties settings) {
        return new LoginFailures(settings);
    }

    @Bean
    FilterRegistrationBean<FailedLoginThrottle> failedLoginThrottle(LoginFailures failures, JsonMapper json) {
        FilterRegistrationBean<FailedLoginThrottle> registration = new FilterRegistrationBean<>(
                new FailedLoginThrottle(failures, json));
        registration.setOrder(FailedLoginThrottle.ORDER);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean
    OperatorAuthenticationEntryPoint operatorAuthenticationEntryPoint(JsonMapper json) {
        return new OperatorAuthenticationEntryPoint(json);
    }

    /** The operator API's filter chain, unless the service has a chain of its own. */
    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain operatorSecurityFilterChain(HttpSecurity http, OperatorAuthenticationEntryPoint entryPoint,
            ObjectProvider<OperatorAccessRules> serviceRules) {
        return http
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/admin/**").hasRole("OPERATOR");
                    serviceRules.orderedStream().forEach(rules -> rules.customize(requests));
                    requests.anyRequest().permitAll();
                })
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }
}
