/**
 * The order timeline: a read model of every event an order went through (placed, published, stock
 * reserved or rejected, shipment created, cancelled, stock released, shipment cancelled), fed by the
 * order, inventory and shipment events, kept in Redis, and shown by {@code GET /orders/{id}/timeline}
 * and the console. Its consumer is idempotent with a Redis marker that is exact: the marker and the
 * effect are written by one Lua script.
 */
package com.example.reliable.order.timeline;
