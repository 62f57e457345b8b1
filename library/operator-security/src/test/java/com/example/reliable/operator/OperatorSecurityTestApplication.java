package com.example.reliable.operator;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service with an operator endpoint ({@code GET} and {@code POST /admin/ping}), secured by the
 * module's filter chain as the real services are, one rule of its own ({@code /locked/**} is the
 * operator's too) and an open endpoint ({@code /open/ping}). Its account comes from
 * {@code spring.security.user.*}.
 */
@SpringBootApplication
class OperatorSecurityTestApplication {

    public static void main(String[] args) {
        SpringApplication.run(OperatorSecurityTestApplication.class, args);
    }

    @Bean
    OperatorAccessRules lockedIsTheOperators() {
        return requests -> requests.requestMatchers("/locked/**").hasRole("OPERATOR");
    }

    @RestController
    static class PingController {

        @GetMapping({ "/admin/ping", "/locked/ping", "/open/ping" })
        Map<String, String> ping() {
            return Map.of("status", "up");
        }

        @PostMapping("/admin/ping")
        Map<String, String> pingByPost() {
            return Map.of("status", "up");
        }
    }
}
