-- The operator's audit trail (every retry, discard, replay, done or refused): the table of the
-- operator-audit module, as its operator-audit-mysql.sql creates it, in this service's own database so
-- that an action on a stored record and its entry commit together. OperatorAuditMigrationTest keeps the
-- two the same. Every time is UTC.
CREATE TABLE operator_audit (
    id        BIGINT        NOT NULL AUTO_INCREMENT,
    acted_at  DATETIME(6)   NOT NULL,
    -- the operator's user name; for a request refused before it was authenticated, the name it claimed
    operator  VARCHAR(100)  NOT NULL,
    -- message.retry, message.discard, dead-letter.replay, ...; request for a request security refused
    action    VARCHAR(40)   NOT NULL,
    -- the message id, the queue, or the refused request's method and path
    target    VARCHAR(255)  NULL,
    -- DONE, PARTLY_DONE, REFUSED or FAILED
    outcome   VARCHAR(12)   NOT NULL,
    -- the operator's reason, where the action takes one (a forced discard)
    reason    VARCHAR(1000) NULL,
    -- what was done, or why not
    detail    VARCHAR(2000) NULL,
    PRIMARY KEY (id),
    -- the retention purge
    KEY ix_operator_audit_acted_at (acted_at)
);
