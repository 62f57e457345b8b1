package com.example.reliable.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a service's CPU goes, by library: reads the CPU samples ({@code jdk.ExecutionSample}) of a
 * JFR recording, such as {@code -Dbenchmarks.profile} writes, and charges each sample to the
 * library of the top-most stack frame that is not the JDK's own (a {@code HashMap.get} called by
 * Hibernate is Hibernate's cost); a stack of JDK frames only is "JDK". Prints the share of each.
 * <pre>java -cp benchmarks/target/benchmarks.jar com.example.reliable.benchmarks.JfrByLibrary &lt;file.jfr&gt;…</pre>
 */
public final class JfrByLibrary {

    /** Package prefixes, first match wins, and the library they belong to. */
    private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

    static {
        LIBRARIES.put("org.hibernate.", "Hibernate");
        LIBRARIES.put("jakarta.persistence.", "Hibernate");
        LIBRARIES.put("com.fasterxml.jackson.", "Jackson");
        LIBRARIES.put("tools.jackson.", "Jackson");
        LIBRARIES.put("org.springframework.amqp.", "Spring AMQP");
        LIBRARIES.put("org.springframework.data.", "Spring Data");
        LIBRARIES.put("org.springframework.security.", "Spring Security");
        LIBRARIES.put("org.springframework.web.", "Spring MVC");
        LIBRARIES.put("org.springframework.jdbc.", "Spring JDBC");
        LIBRARIES.put("org.springframework.transaction.", "Spring transactions");
        LIBRARIES.put("org.springframework.", "Spring core");
        LIBRARIES.put("org.apache.catalina.", "Tomcat");
        LIBRARIES.put("org.apache.coyote.", "Tomcat");
        LIBRARIES.put("org.apache.tomcat.", "Tomcat");
        LIBRARIES.put("io.micrometer.tracing.", "tracing");
        LIBRARIES.put("io.opentelemetry.", "tracing");
        LIBRARIES.put("brave.", "tracing");
        LIBRARIES.put("io.micrometer.observation.", "observation");
        LIBRARIES.put("io.micrometer.", "Micrometer");
        LIBRARIES.put("org.mariadb.", "MariaDB driver");
        LIBRARIES.put("com.mysql.", "MySQL driver");
        LIBRARIES.put("com.zaxxer.hikari.", "HikariCP");
        LIBRARIES.put("org.flywaydb.", "Flyway");
        LIBRARIES.put("io.lettuce.", "Lettuce");
        LIBRARIES.put("io.netty.", "Netty");
        LIBRARIES.put("com.rabbitmq.", "RabbitMQ client");
        LIBRARIES.put("ch.qos.logback.", "logging");
        LIBRARIES.put("org.slf4j.", "logging");
        LIBRARIES.put("org.apache.logging.", "logging");
        LIBRARIES.put("com.example.", "this project");
        LIBRARIES.put("net.bytebuddy.", "Hibernate");
        LIBRARIES.put("org.aopalliance.", "Spring core");
    }

    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    private JfrByLibrary() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: JfrByLibrary <recording.jfr>...");
            System.exit(2);
        }
        for (String file : args) {
            Map<String, Long> samples = byLibrary(Path.of(file));
            long total = samples.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf(Locale.ROOT, "%s: %d CPU samples%n", file, total);
            samples.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(entry -> System.out.printf(Locale.ROOT, "  %-22s %5.1f %%%n", entry.getKey(),
                            100.0 * entry.getValue() / total));
        }
    }

    /** The CPU samples of one recording, per library. */
    static Map<String, Long> byLibrary(Path recording) throws IOException {
        Map<String, Long> samples = new TreeMap<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            samples.merge(library(event.getStackTrace().getFrames()), 1L, Long::sum);
        }
        return samples;
    }

    /** The library of the top-most frame outside the JDK; "JDK" if there is none. */
    static String library(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            if (!frame.isJavaFrame()) {
                continue;
            }
            String type = frame.getMethod().getType().getName();
            if (JDK.stream().anyMatch(type::startsWith)) {
                continue;
            }
            return LIBRARIES.entrySet().stream().filter(entry -> type.startsWith(entry.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse("other: " + packageOf(type));
        }
        return "JDK";
    }

    private static String packageOf(String type) {
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(0, dot);
    }
}
