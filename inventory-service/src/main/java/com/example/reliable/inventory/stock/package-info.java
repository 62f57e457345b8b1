/**
 * Stock: products, the reservation an order event makes or releases, the listener that feeds it and
 * the REST view of both.
 */
package com.example.reliable.inventory.stock;
