package com.example.reliable.order.system;

import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Puts {@link TomcatProblemDetailsValve} in place of Tomcat's error report valve on the host, so that
 * a request Tomcat refuses before the service sees it gets problem details too. The host is left with
 * no other error report valve: any already there is removed (Boot's own Tomcat customizer, which runs
 * first, adds one), and the host is told that its error report valve is this one, so that it adds
 * none of its own when it starts.
 */
@Component
class TomcatProblemDetailsCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final JsonMapper json;

    TomcatProblemDetailsCustomizer(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            StandardHost host = (StandardHost) context.getParent();
            Pipeline pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new TomcatProblemDetailsValve(json));
            host.setErrorReportValveClass(TomcatProblemDetailsValve.class.getName());
        });
    }

    /** After Boot's Tomcat customizers (order 0), whose error report valve this one replaces. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
