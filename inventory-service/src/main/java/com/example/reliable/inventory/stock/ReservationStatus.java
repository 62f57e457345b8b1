package com.example.reliable.inventory.stock;

/**
 * What an order's events have done to the stock. Every order has at most one reservation, and it
 * moves only along these arrows:
 * <pre>
 *  (none) ──OrderCreated, every line covered──▶ RESERVED ──OrderCancelled──▶ RELEASED
 *  (none) ──OrderCreated, a line not covered──▶ REJECTED          (a cancel leaves it: nothing to give back)
 *  (none) ──OrderCancelled──▶ CANCELLED_BEFORE_CREATE             (the create, when it comes, takes nothing
 *                                                                  and is answered StockRejected)
 * </pre>
 */
enum ReservationStatus {

    /** The stock of every line was taken. */
    RESERVED,

    /** Some line could not be covered (too few units, or no such product): nothing was taken. */
    REJECTED,

    /** The order was cancelled after its stock was reserved, and the stock was given back. */
    RELEASED,

    /** The cancel overtook the create: the order is known to be cancelled, no stock is ever taken; the create is rejected. */
    CANCELLED_BEFORE_CREATE
}
