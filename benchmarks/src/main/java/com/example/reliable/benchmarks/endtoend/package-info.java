/**
 * Scenarios against the three services running as processes: end to end, the drain after a broker
 * outage, and a frozen broker.
 */
package com.example.reliable.benchmarks.endtoend;
