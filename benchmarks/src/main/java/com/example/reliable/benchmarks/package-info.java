/**
 * The benchmark harness: scenarios, repetitions, and the table, JSON and chart they end in.
 */
package com.example.reliable.benchmarks;
