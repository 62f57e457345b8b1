package com.example.reliable.order.orders;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;

import org.springframework.data.domain.Persistable;

/**
 * An order. Its {@link #version} is bumped by every change and travels in the events, so a
 * consumer can tell the next change from a duplicate or an older one. Its id is handed out by
 * {@link OrderIds} before the order is saved (so that its message can be stored first), which is
 * why it says itself whether it is {@linkplain #isNew() new}: Spring Data cannot tell by the id.
 */
@Entity
@Table(name = "orders")
class Order implements Persistable<Long> {

    /** The version of an order that was just placed: what its {@code OrderCreated} carries. */
    static final long FIRST_VERSION = 0;

    @Id
    private Long id;

    @Version
    private long version;

    private String customerId;

    @Enumerated(EnumType.STRING)
    private OrderStatus status;

    @Embedded
    private Address shippingAddress;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "order_lines", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "line_no")
    private List<Line> lines = new ArrayList<>();

    private Instant createdAt;

    private String idempotencyKey;

    private String requestHash;

    @Transient
    private boolean isNew;

    protected Order() {
        // for JPA
    }

    Order(long id, String customerId, List<Line> lines, Address shippingAddress, Instant createdAt,
            String idempotencyKey, String requestHash) {
        this.id = id;
        this.version = FIRST_VERSION;
        this.isNew = true;
        this.customerId = customerId;
        this.lines = new ArrayList<>(lines);
        this.shippingAddress = shippingAddress;
        this.createdAt = createdAt;
        this.idempotencyKey = idempotencyKey;
        this.requestHash = requestHash;
        this.status = OrderStatus.PLACED;
    }

    /** @return whether this changed the order; cancelling a cancelled or rejected order changes nothing */
    boolean cancel() {
        if (status == OrderStatus.CANCELLED || status == OrderStatus.REJECTED) {
            return false;
        }
        status = OrderStatus.CANCELLED;
        return true;
    }

    /** Inventory took the stock. @return whether this changed the order: only a PLACED one is confirmed */
    boolean confirm() {
        if (status != OrderStatus.PLACED) {
            return false;
        }
        status = OrderStatus.CONFIRMED;
        return true;
    }

    /** Inventory could not take the stock. @return whether this changed the order: only a PLACED one is rejected */
    boolean reject() {
        if (status != OrderStatus.PLACED) {
            return false;
        }
        status = OrderStatus.REJECTED;
        return true;
    }

    @Override
    public Long getId() {
        return id;
    }

    /** Until it is saved: so that saving it inserts ({@code persist}) instead of merging. */
    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostPersist
    @PostLoad
    void saved() {
        isNew = false;
    }

    long getVersion() {
        return version;
    }

    String getCustomerId() {
        return customerId;
    }

    OrderStatus getStatus() {
        return status;
    }

    Address getShippingAddress() {
        return shippingAddress;
    }

    List<Line> getLines() {
        return List.copyOf(lines);
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    String getRequestHash() {
        return requestHash;
    }
}
