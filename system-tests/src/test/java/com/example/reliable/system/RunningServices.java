package com.example.reliable.system;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.example.reliable.testsupport.Servers;

/**
 * The three services as users run them: separate processes started from their built jars, on free
 * loopback ports, against the shared servers (or the ones {@link Options} names), with a namespace
 * of their own (databases {@code <ns>_orders|logistics|inventory}, exchange and queues
 * {@code <ns>.…}, Redis prefix {@code <ns>:}) that {@link #close()} removes again. Each process logs
 * to {@code target/system-logs/<ns>-<service>.log}; a service {@linkplain #kill killed} and
 * {@linkplain #restart started again} keeps its port and environment and appends to the same log.
 * <p>
 * The jars are looked up under the project's root directory: {@code ..} (a module's directory, where
 * Maven runs tests), or the system property {@value #PROJECT_ROOT_PROPERTY} when the caller runs
 * elsewhere (the benchmarks, started from the root).
 */
public final class RunningServices implements AutoCloseable {

    /** System property naming the project's root directory, where {@code <service>/target/} holds the jars. */
    public static final String PROJECT_ROOT_PROPERTY = "reliable.project-root";

    public static final List<String> SERVICES = List.of("order-service", "logistics-service", "inventory-service");

    private final String namespace;
    private final Servers servers = Servers.get();
    private final Options options;
    private final Map<String, Integer> ports = new HashMap<>();
    private final Map<String, Process> processes = new HashMap<>();
    private final Map<String, Map<String, String>> overrides = new HashMap<>();

    private RunningServices(String namespace, Options options) {
        this.namespace = namespace;
        this.options = options;
    }

    /**
     * How the tests start a service's JVM: a small heap, and only the C1 compiler, which warms up fast and
     * keeps a suite's many short-lived services cheap on a small machine. Not how a user runs them
     * ({@link #USER_JVM}).
     */
    public static final List<String> TEST_JVM = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1");

    /** How a user starts a service: {@code java -Xmx512m -jar}, the JVM's default compilers. */
    public static final List<String> USER_JVM = List.of("-Xmx512m");

    /**
     * Where the services find RabbitMQ and Redis, which consumers reach their database through
     * another port (a proxy), extra environment variables for every service, and how their JVMs start.
     *
     * @param databasePorts service → the port its JDBC URL uses instead of the MySQL server's
     * @param jvmOptions the options before {@code -jar}: {@link #TEST_JVM} unless a caller says otherwise
     */
    public record Options(String rabbitHost, int rabbitPort, String rabbitUser, String rabbitPassword,
            String redisHost, int redisPort, Map<String, Integer> databasePorts, Map<String, String> environment,
            Map<String, Map<String, String>> serviceEnvironment, int instances, List<String> jvmOptions) {

        /** Instances per service and environment per service as given, the tests' JVM options. */
        public Options(String rabbitHost, int rabbitPort, String rabbitUser, String rabbitPassword,
                String redisHost, int redisPort, Map<String, Integer> databasePorts, Map<String, String> environment,
                Map<String, Map<String, String>> serviceEnvironment, int instances) {
            this(rabbitHost, rabbitPort, rabbitUser, rabbitPassword, redisHost, redisPort, databasePorts, environment,
                    serviceEnvironment, instances, TEST_JVM);
        }

        /** One instance of each service, the same environment for all. */
        public Options(String rabbitHost, int rabbitPort, String rabbitUser, String rabbitPassword, String redisHost,
                int redisPort, Map<String, Integer> databasePorts, Map<String, String> environment) {
            this(rabbitHost, rabbitPort, rabbitUser, rabbitPassword, redisHost, redisPort, databasePorts, environment,
                    Map.of(), 1);
        }

        /** The shared servers of {@link Servers}, as the other system tests use them. */
        static Options shared(Servers servers) {
            return new Options(servers.rabbitHost(), servers.rabbitPort(), servers.rabbitUser(),
                    servers.rabbitPassword(), servers.redisHost(), servers.redisPort(), Map.of(), Map.of());
        }

        /** These options with the services' JVMs started with {@code jvmOptions} instead. */
        public Options withJvmOptions(List<String> jvmOptions) {
            return new Options(rabbitHost, rabbitPort, rabbitUser, rabbitPassword, redisHost, redisPort, databasePorts,
                    environment, serviceEnvironment, instances, List.copyOf(jvmOptions));
        }
    }

    /** Starts the three services against the shared servers and returns once each answers HTTP. */
    static RunningServices start(String name) {
        return start(name, Options.shared(Servers.get()));
    }

    /** Starts the three services with these options and returns once each answers HTTP. */
    public static RunningServices start(String name, Options options) {
        String namespace = "sys_" + name + "_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        RunningServices services = new RunningServices(namespace, options);
        try {
            List<String> all = SERVICES.stream().flatMap(service -> services.instances(service).stream()).toList();
            all.forEach(instance -> services.ports.put(instance, freePort())); // all known before any starts
            all.forEach(services::launch);
            all.forEach(services::awaitReady);
            return services;
        }
        catch (RuntimeException ex) {
            services.close();
            throw ex;
        }
    }

    public String namespace() {
        return namespace;
    }

    /** order-service's {@code reliable.publishing.redis-key-prefix}: under the namespace, with its hash tag. */
    public String publishingKeyPrefix() {
        return namespace + ":{order-service}:";
    }

    /** The first instance of a service, or the instance named ({@code order-service-2}). */
    public String url(String instance) {
        return "http://127.0.0.1:" + ports.get(instance);
    }

    /**
     * A service's instances, as {@link #url}, {@link #kill} and {@link #log} name them: the service's own
     * name for the first, then {@code <service>-2}, … ({@link Options#instances()} of each). Instances of a
     * service share its database, queues and Redis prefix, as replicas behind a load balancer would.
     */
    public List<String> instances(String service) {
        List<String> instances = new ArrayList<>();
        instances.add(service);
        for (int i = 2; i <= options.instances(); i++) {
            instances.add(service + "-" + i);
        }
        return instances;
    }

    private static String serviceOf(String instance) {
        return SERVICES.stream().filter(instance::startsWith).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(instance));
    }

    public String exchange() {
        return namespace + ".order.events";
    }

    /** The exchange inventory-service publishes its stock replies to. */
    public String repliesExchange() {
        return namespace + ".inventory.events";
    }

    /** The queue order-service takes the stock replies from; its DLQ is {@code <queue>.dlq}. */
    public String repliesQueue() {
        return namespace + ".order.stock-replies";
    }

    /** The exchange logistics-service publishes its shipment events to. */
    public String shipmentEventsExchange() {
        return namespace + ".logistics.events";
    }

    /** The queue order-service's timeline takes every order, stock and shipment event from; its DLQ is {@code <queue>.dlq}. */
    public String timelineQueue() {
        return namespace + ".order.timeline";
    }

    /** The queue a consumer ({@code logistics} or {@code inventory}) declares; its DLQ is {@code <queue>.dlq}. */
    public String queue(String consumer) {
        return namespace + "." + consumer + ".order-events";
    }

    /** The database a service keeps its tables in, on the shared MySQL server. */
    public String database(String service) {
        return namespace + "_" + switch (service) {
            case "order-service" -> "orders";
            case "logistics-service" -> "logistics";
            case "inventory-service" -> "inventory";
            default -> throw new IllegalArgumentException(service);
        };
    }

    public Path log(String instance) {
        return Path.of("target", "system-logs", namespace + "-" + instance + ".log");
    }

    /** Kills the service at once, as {@code kill -9} would: no shutdown hooks, nothing acked or flushed. */
    public void kill(String instance) {
        Process process = processes.get(instance);
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** The operating system's process id of the instance's current life (to read its CPU time). */
    public long pid(String instance) {
        return processes.get(instance).pid();
    }

    /** Whether the instance's process is alive (not killed, or started again since). */
    public boolean isRunning(String instance) {
        return processes.get(instance).isAlive();
    }

    /** Starts a killed service again, on the same port with the same environment; returns once it answers HTTP. */
    public void restart(String instance) {
        restart(instance, Map.of());
    }

    /** As {@link #restart(String)}, with these environment variables on top, in this and later lives. */
    public void restart(String instance, Map<String, String> environment) {
        if (processes.get(instance).isAlive()) {
            throw new IllegalStateException(instance + " is still running");
        }
        overrides.merge(instance, environment, (old, added) -> {
            Map<String, String> merged = new HashMap<>(old);
            merged.putAll(added);
            return merged;
        });
        launch(instance);
        awaitReady(instance);
    }

    private void launch(String instance) {
        String service = serviceOf(instance);
        int port = ports.get(instance);
        Path jar = Path.of(System.getProperty(PROJECT_ROOT_PROPERTY, ".."), service, "target", service + "-0.1.0-SNAPSHOT.jar").toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw package)");
        }
        Path log = log(instance);
        try {
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>();
            command.add(javaExecutable());
            command.addAll(options.jvmOptions());
            command.addAll(List.of("-jar", jar.toString()));
            var builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment(service, port));
            builder.environment().putAll(overrides.getOrDefault(instance, Map.of()));
            processes.put(instance, builder.start());
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not start " + service, ex);
        }
    }

    private Map<String, String> environment(String service, int port) {
        Map<String, String> env = new HashMap<>();
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("DB_USER", servers.mysqlUser());
        env.put("DB_PASSWORD", servers.mysqlPassword());
        env.put("RABBITMQ_HOST", options.rabbitHost());
        env.put("RABBITMQ_PORT", String.valueOf(options.rabbitPort()));
        env.put("RABBITMQ_USER", options.rabbitUser());
        env.put("RABBITMQ_PASSWORD", options.rabbitPassword());
        env.putAll(options.environment());
        env.putAll(options.serviceEnvironment().getOrDefault(service, Map.of()));
        switch (service) {
            case "order-service" -> {
                env.put("ORDER_DB_URL", jdbcUrl(service));
                env.put("REDIS_HOST", options.redisHost());
                env.put("REDIS_PORT", String.valueOf(options.redisPort()));
                env.put("ORDER_MESSAGING_EXCHANGE", exchange());
                env.put("ORDER_MESSAGING_REPLIES_EXCHANGE", repliesExchange());
                env.put("ORDER_MESSAGING_REPLIES_QUEUE", repliesQueue());
                env.put("ORDER_TIMELINE_QUEUE", timelineQueue());
                env.put("ORDER_TIMELINE_SHIPMENT_EVENTS_EXCHANGE", shipmentEventsExchange());
                env.put("ORDER_TIMELINE_KEY_PREFIX", namespace + ":timeline:");
                env.put("RELIABLE_PUBLISHING_REDIS_KEY_PREFIX", publishingKeyPrefix());
                env.put("LOGISTICS_URL", url("logistics-service"));
                env.put("INVENTORY_URL", url("inventory-service"));
            }
            case "logistics-service" -> {
                env.put("LOGISTICS_DB_URL", jdbcUrl(service));
                env.put("LOGISTICS_MESSAGING_EXCHANGE", exchange());
                env.put("LOGISTICS_MESSAGING_QUEUE", namespace + ".logistics.order-events");
                env.put("LOGISTICS_MESSAGING_EVENTS_EXCHANGE", shipmentEventsExchange());
            }
            case "inventory-service" -> {
                env.put("INVENTORY_DB_URL", jdbcUrl(service));
                env.put("INVENTORY_MESSAGING_EXCHANGE", exchange());
                env.put("INVENTORY_MESSAGING_QUEUE", namespace + ".inventory.order-events");
                env.put("INVENTORY_MESSAGING_REPLIES_EXCHANGE", repliesExchange());
            }
            default -> throw new IllegalArgumentException(service);
        }
        return env;
    }

    private String jdbcUrl(String service) {
        Integer port = options.databasePorts().get(service);
        String url = port == null ? servers.jdbcUrl(database(service))
                : servers.jdbcUrl("127.0.0.1", port, database(service));
        return url + "?createDatabaseIfNotExist=true";
    }

    private void awaitReady(String instance) {
        String service = serviceOf(instance);
        // Ports are reserved before start, so the console's URLs are known; order-service needs the others
        // only when the page asks.
        Map<String, String> probes = Map.of("order-service", "/orders/0", "logistics-service", "/shipments/0",
                "inventory-service", "/products");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        await("start of " + instance).atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> {
                    if (!processes.get(instance).isAlive()) {
                        throw new IllegalStateException(instance + " exited; see target/system-logs");
                    }
                    var request = HttpRequest.newBuilder(URI.create(url(instance) + probes.get(service))).GET().build();
                    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() < 500;
                });
    }

    @Override
    public void close() {
        for (Process process : processes.values()) {
            process.destroy();
        }
        for (Process process : processes.values()) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            catch (InterruptedException ex) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        new NamespaceCleanup(servers, options, namespace).run(
                SERVICES.stream().map(this::database).toList(),
                List.of(queue("logistics"), queue("logistics") + ".dlq", queue("inventory"), queue("inventory") + ".dlq",
                        repliesQueue(), repliesQueue() + ".dlq", timelineQueue(), timelineQueue() + ".dlq"),
                List.of(exchange(), queue("logistics") + ".dlx", queue("inventory") + ".dlx", repliesExchange(),
                        repliesQueue() + ".dlx", shipmentEventsExchange(), timelineQueue() + ".dlx"));
    }

    /** A loopback port free right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Drops what a run created on the servers. */
    record NamespaceCleanup(Servers servers, Options options, String namespace) {

        void run(List<String> databases, List<String> queues, List<String> exchanges) {
            try (var connection = DriverManager.getConnection(servers.jdbcUrl(""), servers.mysqlUser(),
                    servers.mysqlPassword())) {
                for (String database : databases) {
                    connection.createStatement().execute("DROP DATABASE IF EXISTS `" + database + "`");
                }
            }
            catch (SQLException ex) {
                System.err.println("Could not drop the test databases: " + ex);
            }
            var rabbit = new org.springframework.amqp.rabbit.connection.CachingConnectionFactory(options.rabbitHost(),
                    options.rabbitPort());
            rabbit.setUsername(options.rabbitUser());
            rabbit.setPassword(options.rabbitPassword());
            try {
                var admin = new org.springframework.amqp.rabbit.core.RabbitAdmin(rabbit);
                queues.forEach(admin::deleteQueue);
                exchanges.forEach(admin::deleteExchange);
            }
            catch (RuntimeException ex) {
                System.err.println("Could not delete the test queues: " + ex);
            }
            finally {
                rabbit.destroy();
            }
            var redis = new org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory(
                    options.redisHost(), options.redisPort());
            redis.afterPropertiesSet();
            redis.start();
            try {
                var template = new org.springframework.data.redis.core.StringRedisTemplate(redis);
                List<String> keys = new ArrayList<>();
                try (var cursor = template.scan(org.springframework.data.redis.core.ScanOptions.scanOptions()
                        .match(namespace + ":*").build())) {
                    cursor.forEachRemaining(keys::add);
                }
                if (!keys.isEmpty()) {
                    template.delete(keys);
                }
            }
            catch (RuntimeException ex) {
                System.err.println("Could not delete the test's Redis keys: " + ex);
            }
            finally {
                redis.destroy();
            }
        }
    }
}
