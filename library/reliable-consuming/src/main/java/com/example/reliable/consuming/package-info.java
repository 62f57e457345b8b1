/**
 * Reliable consuming: the queue topology, message conversion and failure handling every
 * idempotent consumer shares. A service adds its listener and its idempotent handler.
 */
package com.example.reliable.consuming;
