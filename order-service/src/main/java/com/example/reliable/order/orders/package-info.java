/**
 * Orders: the REST API, the entity and its repository, and the events an order change sends.
 */
package com.example.reliable.order.orders;
