package com.example.reliable.testsupport;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * The one place that decides which MySQL, RabbitMQ and Redis the integration tests talk to.
 * <ul>
 * <li>Docker available → Testcontainers: MySQL 8.4, RabbitMQ 4.x and Redis 7, started once per
 * test JVM and shared by all test classes (each class isolates its data, see
 * {@link IsolatedInfrastructure});</li>
 * <li>no Docker (our dev machines and CI) → the servers on loopback: MariaDB/MySQL on 3306
 * (root, empty password), RabbitMQ on 5672 (guest/guest), Redis on 6379.</li>
 * </ul>
 * {@code TEST_INFRASTRUCTURE=docker|local} skips the detection; {@code TEST_MYSQL_HOST},
 * {@code TEST_MYSQL_PORT}, {@code TEST_MYSQL_USER}, {@code TEST_MYSQL_PASSWORD},
 * {@code TEST_RABBITMQ_HOST}, {@code TEST_RABBITMQ_PORT}, {@code TEST_RABBITMQ_USER},
 * {@code TEST_RABBITMQ_PASSWORD}, {@code TEST_REDIS_HOST} and {@code TEST_REDIS_PORT} point the
 * local mode elsewhere.
 *
 * @param jdbcScheme {@code jdbc:mariadb} for the local server, {@code jdbc:mysql} for MySQL
 */
public record Servers(String jdbcScheme, String mysqlHost, int mysqlPort, String mysqlUser, String mysqlPassword,
        String rabbitHost, int rabbitPort, String rabbitUser, String rabbitPassword, String redisHost, int redisPort) {

    private static final Logger log = LoggerFactory.getLogger(Servers.class);

    private static Servers current;

    /** The servers of this test JVM, started on first use when they are containers. */
    public static synchronized Servers get() {
        if (current == null) {
            current = useDocker() ? containers() : local(System.getenv());
            log.info("Integration tests use {}", current);
        }
        return current;
    }

    /** A JDBC URL for one database on the MySQL server. */
    public String jdbcUrl(String database) {
        return jdbcUrl(mysqlHost, mysqlPort, database);
    }

    /** A JDBC URL for one database on this MySQL server, reached at another address (a proxy). */
    public String jdbcUrl(String host, int port, String database) {
        return jdbcScheme + "://" + host + ":" + port + "/" + database;
    }

    static Servers local(Map<String, String> env) {
        return new Servers(env.getOrDefault("TEST_MYSQL_SCHEME", "jdbc:mariadb"),
                env.getOrDefault("TEST_MYSQL_HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("TEST_MYSQL_PORT", "3306")),
                env.getOrDefault("TEST_MYSQL_USER", "root"), env.getOrDefault("TEST_MYSQL_PASSWORD", ""),
                env.getOrDefault("TEST_RABBITMQ_HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("TEST_RABBITMQ_PORT", "5672")),
                env.getOrDefault("TEST_RABBITMQ_USER", "guest"), env.getOrDefault("TEST_RABBITMQ_PASSWORD", "guest"),
                env.getOrDefault("TEST_REDIS_HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("TEST_REDIS_PORT", "6379")));
    }

    private static boolean useDocker() {
        String choice = System.getenv().getOrDefault("TEST_INFRASTRUCTURE", "auto");
        return switch (choice) {
            case "docker" -> true;
            case "local" -> false;
            default -> DockerClientFactory.instance().isDockerAvailable();
        };
    }

    @SuppressWarnings("resource") // the containers live as long as the test JVM; Ryuk removes them
    private static Servers containers() {
        var mysql = new MySQLContainer("mysql:8.4").withUsername("root").withPassword("test");
        var rabbit = new RabbitMQContainer("rabbitmq:4.1-management");
        var redis = new GenericContainer<>("redis:7.4").withExposedPorts(6379);
        mysql.start();
        rabbit.start();
        redis.start();
        return new Servers("jdbc:mysql", mysql.getHost(), mysql.getMappedPort(3306), "root", "test",
                rabbit.getHost(), rabbit.getAmqpPort(), rabbit.getAdminUsername(), rabbit.getAdminPassword(),
                redis.getHost(), redis.getMappedPort(6379));
    }

    @Override
    public String toString() {
        return "MySQL " + mysqlHost + ":" + mysqlPort + ", RabbitMQ " + rabbitHost + ":" + rabbitPort + ", Redis "
                + redisHost + ":" + redisPort;
    }
}
