package com.example.reliable.order.orders;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import com.example.reliable.publishing.CheckBack;
import com.example.reliable.publishing.Source;

/**
 * Answers the compensation job's question before a resend: is the order change this message
 * reports committed? It is when the order exists at the message's version or a later one. An
 * order that is missing, or older than the message, means the transaction rolled back (or has not
 * committed yet). A whole batch is answered with one query for the orders' versions.
 */
@Component
class OrderCheckBack implements CheckBack {

    private final OrderRepository orders;

    OrderCheckBack(OrderRepository orders) {
        this.orders = orders;
    }

    @Override
    @Transactional(readOnly = true)
    public Set<Source> committed(Collection<Source> sources) {
        Set<Long> ids = sources.stream().map(source -> Long.valueOf(source.id())).collect(Collectors.toSet());
        Map<Long, Long> versions = orders.findVersions(ids).stream()
                .collect(Collectors.toMap(OrderRepository.OrderVersion::id, OrderRepository.OrderVersion::version));
        return sources.stream()
                .filter(source -> versions.getOrDefault(Long.valueOf(source.id()), -1L) >= source.version())
                .collect(Collectors.toSet());
    }
}
