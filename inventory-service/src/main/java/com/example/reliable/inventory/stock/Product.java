package com.example.reliable.inventory.stock;

/**
 * A product and the units in stock, as {@code GET /products} shows it.
 *
 * @param id the SKU, e.g. {@code SKU-1}
 * @param name what it is
 * @param stock units not reserved by any order; never below zero
 */
record Product(String id, String name, int stock) {
}
