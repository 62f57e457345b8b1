package com.example.reliable.benchmarks.broker;

import java.io.IOException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

import com.example.reliable.testsupport.Servers;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * Connections to the shared broker and a quorum queue with a unique name ({@code bench.<what>.<hex>})
 * that {@link #delete()} removes again, with whatever is left in it.
 */
public final class BrokerQueue {

    private final Servers servers;
    private final String name;

    public BrokerQueue(Servers servers, String what) {
        this.servers = servers;
        this.name = "bench." + what + "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    public String name() {
        return name;
    }

    String uri() {
        return "amqp://" + servers.rabbitUser() + ":" + servers.rabbitPassword() + "@" + servers.rabbitHost() + ":"
                + servers.rabbitPort();
    }

    public Connection connect(String purpose) throws IOException, TimeoutException {
        var factory = new ConnectionFactory();
        factory.setHost(servers.rabbitHost());
        factory.setPort(servers.rabbitPort());
        factory.setUsername(servers.rabbitUser());
        factory.setPassword(servers.rabbitPassword());
        factory.setAutomaticRecoveryEnabled(false);
        return factory.newConnection("benchmarks-" + purpose);
    }

    public void declare() throws Exception {
        try (var connection = connect("declare"); var channel = connection.createChannel()) {
            channel.queueDeclare(name, true, false, false, Map.of("x-queue-type", "quorum"));
        }
    }

    public void delete() {
        try (var connection = connect("delete"); var channel = connection.createChannel()) {
            channel.queueDelete(name);
        }
        catch (Exception ex) {
            System.err.println("Could not delete queue " + name + ": " + ex);
        }
    }
}
