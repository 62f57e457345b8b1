/**
 * The idempotency check: the {@code t_check} table that lets each order operation change the stock
 * once, and the job that forgets operations older than any redelivery.
 */
package com.example.reliable.inventory.idempotency;
