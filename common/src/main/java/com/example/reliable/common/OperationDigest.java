package com.example.reliable.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The SHA-256 of an operation's data, as 64 hex characters: what a consumer stores beside the
 * operation's fingerprint, so that a later message with the same fingerprint but other data is
 * recognised as a conflict instead of being skipped as a duplicate. Each part is written with its
 * length first (a {@code null} as a mark no value can spell), so no choice of text in one field can
 * imitate another field; records are taken apart by their callers, never digested by their
 * {@code toString}, whose brackets and commas a value could imitate.
 */
final class OperationDigest {

    private OperationDigest() {
    }

    /**
     * The digest of an order operation: its name, order id and version, its lines (their count, then
     * each product id and quantity), then any further parts.
     */
    static String ofOrder(String operation, long orderId, long orderVersion, List<OrderLine> lines,
            Object... more) {
        List<Object> parts = new ArrayList<>(List.of(operation, orderId, orderVersion, lines.size()));
        lines.forEach(line -> {
            parts.add(line.productId());
            parts.add(line.quantity());
        });
        parts.addAll(Arrays.asList(more));
        return of(parts.toArray());
    }

    /** @param parts strings and numbers */
    static String of(Object... parts) {
        var text = new StringBuilder();
        for (Object part : parts) {
            if (part == null) {
                text.append("~;");
            }
            else {
                String value = part.toString();
                text.append(value.length()).append(':').append(value).append(';');
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java runtime has SHA-256", ex);
        }
    }
}
