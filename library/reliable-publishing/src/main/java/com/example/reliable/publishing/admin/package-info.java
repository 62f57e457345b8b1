/**
 * The operator API of reliable publishing: list stored messages by status, retry a FAILED one, discard
 * one. Only in a web application with Spring MVC; depends on the store contract and the metrics, never
 * the other way round.
 */
package com.example.reliable.publishing.admin;
