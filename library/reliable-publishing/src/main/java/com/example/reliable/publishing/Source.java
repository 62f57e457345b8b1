package com.example.reliable.publishing;

/**
 * The business object whose change a message reports, at the version the change produced.
 * The compensation job asks the service's {@link CheckBack} whether this version was committed
 * before it resends anything.
 *
 * @param id the object's id, e.g. an order id
 * @param version the object's version after the change
 */
public record Source(String id, long version) {
}
