/**
 * The Redis store of reliable publishing: records wait in Redis hashes and sorted sets, every change
 * one Lua script, with an optional wait for replicas or fsync before a save returns. Put this module
 * on the class path to keep a service's messages in Redis.
 */
package com.example.reliable.publishing.redis;
