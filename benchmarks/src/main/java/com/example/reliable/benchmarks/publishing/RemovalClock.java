package com.example.reliable.benchmarks.publishing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.function.Consumer;

import org.springframework.beans.factory.config.BeanPostProcessor;

import com.example.reliable.publishing.MessageStore;

/**
 * Sees the moment records leave the store because the broker confirmed them: it wraps the
 * {@link MessageStore} bean and, after each {@code delivered(ids)} has returned, tells a listener
 * which ids went. The store itself is unchanged; this adds one method call per batch.
 */
final class RemovalClock implements BeanPostProcessor {

    private volatile Consumer<Collection<String>> listener = ids -> { };

    void onRemoved(Consumer<Collection<String>> listener) {
        this.listener = listener;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof MessageStore store)) {
            return bean;
        }
        return Proxy.newProxyInstance(MessageStore.class.getClassLoader(), new Class<?>[] { MessageStore.class },
                (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(store, args);
                        if (method.getName().equals("delivered") && args[0] instanceof Collection<?> ids) {
                            @SuppressWarnings("unchecked")
                            Collection<String> removed = (Collection<String>) ids;
                            listener.accept(removed);
                        }
                        return result;
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
    }
}
