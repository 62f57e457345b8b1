package com.example.reliable.benchmarks;

import java.lang.management.ManagementFactory;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.Map;

import com.example.reliable.testsupport.Servers;
import com.rabbitmq.client.ConnectionFactory;

import io.lettuce.core.RedisClient;

/**
 * What the numbers were measured on: cores, memory, Java, operating system and the versions of the
 * three servers, asked of the servers themselves. A server that cannot be asked is reported as such.
 */
final class Machine {

    private Machine() {
    }

    static Map<String, String> describe(Servers servers) {
        Map<String, String> facts = new LinkedHashMap<>();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        facts.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        facts.put("memory", (os.getTotalMemorySize() >> 30) + " GiB");
        facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        facts.put("java", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        facts.put("mysql", ask(() -> {
            try (var connection = DriverManager.getConnection(servers.jdbcUrl(""), servers.mysqlUser(),
                    servers.mysqlPassword()); var result = connection.createStatement().executeQuery("SELECT VERSION()")) {
                result.next();
                return result.getString(1) + " at " + servers.mysqlHost() + ":" + servers.mysqlPort();
            }
        }));
        facts.put("rabbitmq", ask(() -> {
            var factory = new ConnectionFactory();
            factory.setHost(servers.rabbitHost());
            factory.setPort(servers.rabbitPort());
            factory.setUsername(servers.rabbitUser());
            factory.setPassword(servers.rabbitPassword());
            try (var connection = factory.newConnection("benchmarks-machine")) {
                return connection.getServerProperties().get("version") + " at " + servers.rabbitHost() + ":"
                        + servers.rabbitPort();
            }
        }));
        facts.put("redis", ask(() -> {
            RedisClient client = RedisClient.create("redis://" + servers.redisHost() + ":" + servers.redisPort());
            try (var connection = client.connect()) {
                String info = connection.sync().info("server");
                return info.lines().filter(line -> line.startsWith("redis_version:")).findFirst().orElse("?")
                        .substring("redis_version:".length()) + " at " + servers.redisHost() + ":" + servers.redisPort();
            }
            finally {
                client.shutdown();
            }
        }));
        return facts;
    }

    private interface Question {
        String ask() throws Exception;
    }

    private static String ask(Question question) {
        try {
            return question.ask();
        }
        catch (Exception ex) {
            return "unknown (" + ex.getMessage() + ")";
        }
    }
}
