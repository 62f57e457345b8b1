/**
 * The database store of reliable publishing: a transactional outbox, the table
 * {@code outbox_messages} in the service's own database, written in the business transaction and
 * claimed with {@code SELECT … FOR UPDATE SKIP LOCKED}. Put this module on the class path (and its
 * table in the service's migrations) to keep a service's messages in its database.
 */
package com.example.reliable.publishing.jdbc;
