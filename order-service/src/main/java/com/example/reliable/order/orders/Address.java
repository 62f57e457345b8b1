package com.example.reliable.order.orders;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** Where an order is shipped; stored in the order's row. */
@Embeddable
record Address(
        @Column(name = "ship_street") String street,
        @Column(name = "ship_city") String city,
        @Column(name = "ship_postal_code") String postalCode,
        @Column(name = "ship_country") String country) {
}
