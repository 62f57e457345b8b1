/**
 * Scenarios against RabbitMQ alone: PerfTest as the baseline, and plain amqp-client publishers in
 * three confirm modes, all on quorum queues with persistent, mandatory 512-byte messages.
 */
package com.example.reliable.benchmarks.broker;
