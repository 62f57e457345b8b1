package com.example.reliable.order.orders;

import java.util.Optional;

import com.example.reliable.common.OrderEvents;
import com.example.reliable.common.StockRejected;

/**
 * Decides what a stock reply may do to its order: order-service's counterpart of the consumers' own
 * comparisons (inventory's {@code t_check} digest, logistics' shipment digest). A reply must answer
 * exactly what order-service asked, and find the order in a state that answer can change:
 * <pre>
 *  reply                          the order                                      verdict
 *  ─────────────────────────────  ─────────────────────────────────────────────  ─────────
 *  StockReserved / StockRejected  answered already with this operation and data   DUPLICATE
 *                                 answered already otherwise                      CONFLICT
 *    at the create's version (0)  not answered, PLACED                            APPLY: CONFIRMED, or REJECTED and cancelled
 *                                 not answered, CANCELLED by its customer         RECORD: the order stays CANCELLED
 *    at any other version         -                                               CONFLICT
 *  StockReleased                  CANCELLED at the reply's version, not           APPLY: logged and on the timeline
 *                                 answered with a rejection
 *                                 anything else                                   CONFLICT
 * </pre>
 * So a reply that claims another version, says the opposite of the recorded answer, or answers an
 * order inventory rejected is refused, never taken for a duplicate. What this cannot tell: a forged
 * reply that says exactly what inventory would have said and arrives first is the answer (messages
 * are not signed); inventory's real reply, if it differs, is then the conflict, in the dead-letter
 * queue beside it for an operator.
 */
final class StockReplyCheck {

    private StockReplyCheck() {
    }

    /** What a reply may do. */
    enum Verdict {
        /** It decides the order (or, for a release, is logged and shown). */
        APPLY,
        /** The first answer to an order its customer cancelled meanwhile: recorded, the order stays as it is. */
        RECORD,
        /** The recorded answer again: nothing changes. */
        DUPLICATE,
        /** Anything else: refused to the dead-letter queue and counted. */
        CONFLICT
    }

    /** A verdict, and for a conflict what is wrong with the reply. */
    record Decision(Verdict verdict, String conflict) {

        static Decision of(Verdict verdict) {
            return new Decision(verdict, null);
        }

        static Decision conflict(String why) {
            return new Decision(Verdict.CONFLICT, why);
        }
    }

    /**
     * A {@code StockReserved} or {@code StockRejected}: the answer to the order's {@code OrderCreated}.
     *
     * @param recorded the answer the order got already, if any
     */
    static Decision answer(Order order, Optional<StockAnswer> recorded, String operation, String digest,
            long orderVersion) {
        if (recorded.isPresent()) {
            return recorded.get().isRepeatedBy(operation, digest) ? Decision.of(Verdict.DUPLICATE)
                    : Decision.conflict("order " + order.getId() + " was answered with " + recorded.get().getOperation()
                            + " already; " + operation + (recorded.get().getOperation().equals(operation)
                                    ? " with other data" : "") + " contradicts it");
        }
        if (orderVersion != Order.FIRST_VERSION) {
            return Decision.conflict(operation + " answers version " + orderVersion + " of order " + order.getId()
                    + ", whose OrderCreated is version " + Order.FIRST_VERSION);
        }
        return switch (order.getStatus()) {
            case PLACED -> Decision.of(Verdict.APPLY);
            case CANCELLED -> Decision.of(Verdict.RECORD);
            // Answered, but not recorded: cannot be after the migration that made the table, which
            // recorded every CONFIRMED and REJECTED order's answer.
            case CONFIRMED, REJECTED -> Decision.conflict("order " + order.getId() + " is " + order.getStatus()
                    + " without a recorded answer; " + operation + " cannot be compared");
        };
    }

    /** A {@code StockReleased}: the answer to the order's {@code OrderCancelled}, at its version. */
    static Decision release(Order order, Optional<StockAnswer> recorded, String operation, long orderVersion) {
        if (order.getStatus() != OrderStatus.CANCELLED || order.getVersion() != orderVersion) {
            return Decision.conflict(operation + " answers a cancel at version " + orderVersion + ", but order "
                    + order.getId() + " is " + order.getStatus() + " at version " + order.getVersion());
        }
        String rejection = OrderEvents.fingerprint(order.getId(), StockRejected.OPERATION, Order.FIRST_VERSION);
        if (recorded.isPresent() && recorded.get().getOperation().equals(rejection)) {
            return Decision.conflict(operation + " gives back stock inventory never took: order " + order.getId()
                    + " was answered with " + recorded.get().getOperation());
        }
        return Decision.of(Verdict.APPLY);
    }
}
