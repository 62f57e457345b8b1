/**
 * What each consumer's idempotency guard costs per message, measured with plain JDBC on a private
 * database made from the services' own migrations.
 */
package com.example.reliable.benchmarks.guards;
