package com.example.reliable.operator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.web.SecurityFilterChain;

import tools.jackson.databind.json.JsonMapper;

/**
 * Login protection for the operator API of any servlet web service with Spring Security that has
 * this module on its class path (listed in {@code META-INF/spring/…AutoConfiguration.imports}):
 * registers the {@link FailedLoginThrottle} in front of Spring Security, with its memory,
 * {@link LoginFailures}, set by {@code operator.login.*}; and offers the
 * {@link OperatorAuthenticationEntryPoint}, which the service hands to its own
 * {@code httpBasic(…)}. Who may call what stays the service's security configuration.
 */
@AutoConfiguration
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
}
