package com.example.reliable.operator;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's own access rules beside the operator API's, as a bean: the operator API's filter chain
 * ({@link OperatorSecurityAutoConfiguration}) applies every such bean, in their order, after
 * {@code /admin/**} and before everything else is open. Rules only: the way a caller signs in
 * (HTTP basic, the {@link OperatorAuthenticationEntryPoint}, no sessions, no CSRF tokens) is the
 * chain's, the same for every request. For example, order-service keeps its actuator endpoints but
 * health and Prometheus for the operator:
 *
 * <pre class="code">
 * &#64;Bean
 * OperatorAccessRules actuatorIsTheOperators() {
 *     return requests -&gt; requests
 *             .requestMatchers(EndpointRequest.to("health", "prometheus")).permitAll()
 *             .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole("OPERATOR");
 * }
 * </pre>
 */
@FunctionalInterface
public interface OperatorAccessRules
        extends Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> {
}
