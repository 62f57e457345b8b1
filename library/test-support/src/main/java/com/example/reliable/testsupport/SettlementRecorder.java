package com.example.reliable.testsupport;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import com.rabbitmq.client.AddressResolver;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * The RabbitMQ client's connection factory, handing out connections whose channels note every
 * settlement a consumer sends: {@code basicAck multiple=…}, {@code basicReject requeue=…},
 * {@code basicNack multiple=… requeue=…}, in the order sent. What a listener container or a batch
 * listener does with a failed message is then read from the wire, not from its own account.
 */
public final class SettlementRecorder extends ConnectionFactory {

    private final List<String> settlements = new CopyOnWriteArrayList<>();

    private SettlementRecorder() {
        setAutomaticRecoveryEnabled(false);
    }

    /** A Spring connection factory on this RabbitMQ whose channels record, and the record. */
    public static SettlementRecorder connectingTo(String host, int port, String user, String password) {
        SettlementRecorder recorder = new SettlementRecorder();
        recorder.setHost(host);
        recorder.setPort(port);
        recorder.setUsername(user);
        recorder.setPassword(password);
        return recorder;
    }

    /** A caching connection factory for a listener container, over this recorder. */
    public CachingConnectionFactory cachingConnectionFactory() {
        return new CachingConnectionFactory(this);
    }

    /** Every settlement sent so far, oldest first. */
    public List<String> settlements() {
        return List.copyOf(settlements);
    }

    @Override
    public Connection newConnection(ExecutorService executor, AddressResolver addresses, String name)
            throws IOException, TimeoutException {
        Connection connection = super.newConnection(executor, addresses, name);
        return proxy(Connection.class, connection, (method, arguments) -> {
        }, (method, result) -> method.getName().equals("createChannel") && result != null
                ? recording((Channel) result) : result);
    }

    private Channel recording(Channel channel) {
        return proxy(Channel.class, channel, (method, arguments) -> {
            switch (method.getName()) {
                case "basicAck" -> settlements.add("basicAck multiple=" + arguments[1]);
                case "basicReject" -> settlements.add("basicReject requeue=" + arguments[1]);
                case "basicNack" -> settlements.add("basicNack multiple=" + arguments[1] + " requeue=" + arguments[2]);
                default -> {
                }
            }
        }, (method, result) -> result);
    }

    private interface Before {
        void accept(Method method, Object[] arguments);
    }

    private interface After {
        Object apply(Method method, Object result);
    }

    private static <T> T proxy(Class<T> type, T target, Before before, After after) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (self, method, arguments) -> {
                    before.accept(method, arguments);
                    try {
                        return after.apply(method, method.invoke(target, arguments));
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                }));
    }
}
