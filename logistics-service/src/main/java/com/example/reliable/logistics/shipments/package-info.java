/**
 * Shipments: one per order, created and cancelled by order events, each applied once.
 */
package com.example.reliable.logistics.shipments;
