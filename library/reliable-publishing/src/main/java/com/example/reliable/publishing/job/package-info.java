/**
 * The compensation job: what makes good what the relay could not do. Each round claims due SENDING
 * records, asks the service's {@code CheckBack} whether their changes committed, resends those through
 * the same sender and confirm window as the relay, and discards those whose change never committed;
 * {@link com.example.reliable.publishing.job.BrokerOutage} keeps it from churning the store while the
 * broker is away. Depends on the publish path's package, never the other way round.
 */
package com.example.reliable.publishing.job;
