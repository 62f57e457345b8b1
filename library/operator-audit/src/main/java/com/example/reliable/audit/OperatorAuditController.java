package com.example.reliable.audit;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The audit trail, under {@code /admin/audit}: the newest entries first, a page at a time
 * ({@code before} is the last id of the previous page). Read-only. The service secures
 * {@code /admin/**} (the operator-security module: HTTP basic, role OPERATOR).
 */
@RestController
@RequestMapping("/admin/audit")
@Tag(name = "Operator: audit trail", description = "Every operator action on this service, refused ones too (HTTP basic, role OPERATOR)")
class OperatorAuditController {

    private final AuditTable table;

    OperatorAuditController(AuditTable table) {
        this.table = table;
    }

    @GetMapping
    @Operation(summary = "The newest audit entries, newest first; before: the last id of the previous page")
    AuditPage list(@RequestParam(required = false) Long before, @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 500) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be between 1 and 500");
        }
        List<AuditEntry> entries = table.newest(before, limit);
        Long next = entries.size() == limit ? entries.get(entries.size() - 1).id() : null;
        return new AuditPage(entries, next);
    }

    /** One page of entries; {@code next} is the {@code before} of the next page, null on the last. */
    record AuditPage(List<AuditEntry> entries, Long next) {
    }
}
