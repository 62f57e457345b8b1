package com.example.reliable.publishing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Watches the {@link MessageStore}: every call, by which thread, with how many ids. Tests use it to
 * see that confirms are applied in batches and never on the AMQP connection's thread.
 */
class StoreCalls implements BeanPostProcessor {

    /** One call to the store. */
    record Call(String method, String thread, int ids) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof MessageStore store)) {
            return bean;
        }
        return Proxy.newProxyInstance(MessageStore.class.getClassLoader(), new Class<?>[] { MessageStore.class },
                (proxy, method, args) -> {
                    int ids = args != null && args.length > 0 && args[0] instanceof Collection<?> many ? many.size() : 1;
                    calls.add(new Call(method.getName(), Thread.currentThread().getName(), ids));
                    try {
                        return method.invoke(store, args);
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
    }

    List<Call> of(String method) {
        return calls.stream().filter(call -> call.method().equals(method)).toList();
    }
}
