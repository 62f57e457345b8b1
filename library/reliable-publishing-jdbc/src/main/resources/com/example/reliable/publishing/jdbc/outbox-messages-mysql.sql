-- The table JdbcMessageStore keeps its records in (MySQL 8 / MariaDB 10.6 or later: it claims with
-- SELECT ... FOR UPDATE SKIP LOCKED). A service that uses the JDBC store adds this to its own Flyway
-- migrations, so that the records live in the same database, and commit in the same transaction, as
-- the change they report. Every time is UTC.
-- A table made before the traceparent column gets it with one more migration:
--   ALTER TABLE outbox_messages ADD COLUMN traceparent VARCHAR(55) NULL AFTER last_error;
CREATE TABLE outbox_messages (
    id              VARCHAR(64)   NOT NULL,
    exchange_name   VARCHAR(255)  NOT NULL,
    routing_key     VARCHAR(255)  NOT NULL,
    type            VARCHAR(255)  NOT NULL,
    payload         MEDIUMTEXT    NOT NULL,
    source_id       VARCHAR(255)  NOT NULL,
    source_version  BIGINT        NOT NULL,
    created_at      DATETIME(6)   NOT NULL,
    -- SENDING or FAILED; a delivered or discarded record is deleted, not kept
    status          VARCHAR(10)   NOT NULL,
    attempts        INT           NOT NULL,
    -- when the compensation job may (re)send it; NULL when FAILED
    next_attempt_at DATETIME(6)   NULL,
    failed_at       DATETIME(6)   NULL,
    last_error      VARCHAR(1000) NULL,
    -- the W3C trace context the record was stored in (version 00: 55 characters); NULL without tracing
    traceparent     VARCHAR(55)   NULL,
    PRIMARY KEY (id),
    -- the job's claim: due SENDING records, oldest due first
    KEY ix_outbox_messages_due (status, next_attempt_at),
    -- the age of the oldest SENDING record, for the metrics
    KEY ix_outbox_messages_created (status, created_at),
    -- the operators' list of FAILED records, in the order they failed
    KEY ix_outbox_messages_failed (status, failed_at)
);
