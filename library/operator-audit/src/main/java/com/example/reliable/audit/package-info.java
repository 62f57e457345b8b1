/**
 * The operator's audit trail, the same in every service: every retry, discard, forced discard, replay
 * and bulk replay, and every refused one, one row in the service's own {@code operator_audit} table,
 * written in the action's transaction where the action is a database change; listed by
 * {@code GET /admin/audit}, purged after {@code operator.audit.retention}.
 */
package com.example.reliable.audit;
