package com.example.reliable.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Where the operator API's filter chain comes from: the module's in a service without a chain of
 * its own, ahead of Spring Boot's default chain; a service's own chain instead of it, the entry
 * point and the throttle still there.
 */
class OperatorSecurityAutoConfigurationTest {

    private final WebApplicationContextRunner services = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SecurityAutoConfiguration.class,
                    UserDetailsServiceAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
                    OperatorSecurityAutoConfiguration.class));

    @Test
    void aServiceWithoutAChainOfItsOwnGetsTheOperatorApisInsteadOfBootsDefault() {
        services.run(context -> assertThat(context.getBeansOfType(SecurityFilterChain.class))
                .containsOnlyKeys("operatorSecurityFilterChain"));
    }

    @Test
    void aServicesOwnChainReplacesItAndKeepsTheEntryPointAndTheThrottle() {
        services.withUserConfiguration(OwnChain.class).run(context -> {
            assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("ownChain");
            assertThat(context).hasSingleBean(OperatorAuthenticationEntryPoint.class).hasSingleBean(LoginFailures.class)
                    .hasBean("failedLoginThrottle");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnChain {

        @Bean
        SecurityFilterChain ownChain(HttpSecurity http, OperatorAuthenticationEntryPoint entryPoint) {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint)).build();
        }
    }
}
