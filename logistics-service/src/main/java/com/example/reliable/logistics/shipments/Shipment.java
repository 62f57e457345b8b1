package com.example.reliable.logistics.shipments;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import com.example.reliable.common.OrderCancelled;
import com.example.reliable.common.OrderCreated;
import com.example.reliable.common.ShippingAddress;

/**
 * The shipment of one order. {@link #orderVersion} is the order version it reflects: an event
 * carrying that version or an older one has been applied already. {@link #version} is JPA's
 * optimistic lock: of two threads applying the same event at once, one commits and the other's
 * update fails, is retried, and then sees the event as a duplicate. {@link #operationDigest} is the
 * digest of the event at {@code orderVersion}, to tell a duplicate of it from other data under the
 * same operation.
 */
@Entity
@Table(name = "shipments")
class Shipment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(unique = true)
    private long orderId;

    @Version
    private long version;

    private long orderVersion;

    private String operationDigest;

    @Enumerated(EnumType.STRING)
    private ShipmentStatus status;

    private String street;
    private String city;
    private String postalCode;
    private String country;

    private Instant updatedAt;

    protected Shipment() {
        // for JPA
    }

    private Shipment(long orderId, long orderVersion, String operationDigest, ShipmentStatus status,
            ShippingAddress address, Instant now) {
        this.orderId = orderId;
        this.orderVersion = orderVersion;
        this.operationDigest = operationDigest;
        this.status = status;
        if (address != null) {
            this.street = address.street();
            this.city = address.city();
            this.postalCode = address.postalCode();
            this.country = address.country();
        }
        this.updatedAt = now;
    }

    static Shipment created(OrderCreated event, Instant now) {
        return new Shipment(event.orderId(), event.orderVersion(), event.digest(), ShipmentStatus.CREATED,
                event.shippingAddress(), now);
    }

    /** A cancellation that arrived before its order's creation: nothing will ever ship. */
    static Shipment cancelledBeforeCreated(OrderCancelled event, Instant now) {
        return new Shipment(event.orderId(), event.orderVersion(), event.digest(), ShipmentStatus.CANCELLED, null,
                now);
    }

    /** @return whether an event at {@code eventOrderVersion} is new to this shipment */
    boolean isNewer(long eventOrderVersion) {
        return eventOrderVersion > orderVersion;
    }

    /**
     * @return whether an event at this shipment's own order version carries other data than the one
     *     that set it: the same operation told two ways (never for shipments from before digests)
     */
    boolean conflictsWith(long eventOrderVersion, String eventDigest) {
        return eventOrderVersion == orderVersion && operationDigest != null && !operationDigest.equals(eventDigest);
    }

    void cancel(OrderCancelled event, Instant now) {
        this.status = ShipmentStatus.CANCELLED;
        this.orderVersion = event.orderVersion();
        this.operationDigest = event.digest();
        this.updatedAt = now;
    }

    long getOrderId() {
        return orderId;
    }

    long getVersion() {
        return version;
    }

    long getOrderVersion() {
        return orderVersion;
    }

    ShipmentStatus getStatus() {
        return status;
    }

    ShippingAddress getAddress() {
        return street == null ? null : new ShippingAddress(street, city, postalCode, country);
    }

    Instant getUpdatedAt() {
        return updatedAt;
    }
}
