/**
 * Cross-cutting set-up of order-service: security of the operator API and problem details.
 */
package com.example.reliable.order.system;
