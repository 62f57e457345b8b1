package com.example.reliable.operator;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service with one operator endpoint ({@code GET /admin/ping}) secured the way the real services
 * secure theirs: HTTP basic, role OPERATOR, the module's entry point. Its account comes from
 * {@code spring.security.user.*}.
 */
@SpringBootApplication
class OperatorSecurityTestApplication {

    public static void main(String[] args) {
        SpringApplication.run(OperatorSecurityTestApplication.class, args);
    }

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

    @RestController
    static class PingController {

        @GetMapping("/admin/ping")
        Map<String, String> ping() {
            return Map.of("status", "up");
        }
    }
}
