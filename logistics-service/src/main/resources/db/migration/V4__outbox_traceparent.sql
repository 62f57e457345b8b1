-- Each outbox record keeps the W3C traceparent of the span it was stored in (the request's, the
-- listener's), so that a resend by the compensation job continues that trace instead of starting one
-- of its own. NULL without tracing, and for the records written before this migration.
-- V3__outbox_messages.sql plus this is reliable-publishing's outbox-messages-mysql.sql: OutboxMigrationTest
-- compares the table both leave on a real database.
ALTER TABLE outbox_messages ADD COLUMN traceparent VARCHAR(55) NULL AFTER last_error;
