package com.example.reliable.order.orders;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.reliable.common.StockRejected;
import com.example.reliable.common.StockReleased;
import com.example.reliable.common.StockReserved;
import com.example.reliable.consuming.ConflictCounter;
import com.example.reliable.consuming.DuplicateCounter;
import com.example.reliable.order.orders.StockReplyCheck.Decision;
import com.example.reliable.order.timeline.ReplyTimeline;

/**
 * Applies inventory's stock replies to orders: each only when it answers what order-service asked
 * ({@link StockReplyCheck}), each once.
 * <ul>
 * <li>The first answer to an order's {@code OrderCreated} is recorded ({@link StockAnswer}) in the
 * transaction that applies it: {@code StockReserved} confirms a PLACED order, {@code StockRejected}
 * rejects it and cancels it through the usual path ({@link OrderService#reject}); an order its
 * customer cancelled meanwhile keeps its status, the answer is recorded all the same.</li>
 * <li>The same answer again is a duplicate: skipped and counted ({@code consumer.duplicates.skipped}).</li>
 * <li>Any other reply — another version, the opposite outcome, stock given back that was never
 * taken — is a conflict: refused to the dead-letter queue and counted ({@code consumer.conflicts.refused}).
 * A reply about an order that does not exist is refused too.</li>
 * </ul>
 * Two copies of one reply at once, or a reply and the customer's cancel, meet at the order's
 * optimistic lock or the answer's primary key; the loser's failure is retried by the listener's
 * {@code TransientFailureRetry} and then decided afresh.
 * <p>
 * After the change commits, an accepted reply goes onto the order's timeline ({@link ReplyTimeline}),
 * also when it is a duplicate: the timeline records each operation once, and so a crash between the
 * commit and the timeline is made good by the redelivery. A refused reply never reaches the timeline.
 */
@Service
class StockReplyService {

    private static final Logger log = LoggerFactory.getLogger(StockReplyService.class);

    private final OrderRepository orders;
    private final StockAnswerRepository answers;
    private final OrderService orderService;
    private final ReplyTimeline timeline;
    private final TransactionTemplate transactions;
    private final DuplicateCounter duplicates;
    private final ConflictCounter conflicts;
    private final Clock clock;

    StockReplyService(OrderRepository orders, StockAnswerRepository answers, OrderService orderService,
            ReplyTimeline timeline, TransactionTemplate transactions, DuplicateCounter duplicates,
            ConflictCounter conflicts, Clock clock) {
        this.orders = orders;
        this.answers = answers;
        this.orderService = orderService;
        this.timeline = timeline;
        this.transactions = transactions;
        this.duplicates = duplicates;
        this.conflicts = conflicts;
        this.clock = clock;
    }

    /** Inventory took the order's stock: a PLACED order is CONFIRMED. */
    void reserved(StockReserved reply) {
        Decision decision = transactions.execute(status -> {
            Order order = order(reply.orderId(), reply.messageId());
            Decision decided = StockReplyCheck.answer(order, answers.findById(order.getId()), reply.fingerprint(),
                    reply.digest(), reply.orderVersion());
            switch (decided.verdict()) {
                case APPLY -> {
                    order.confirm();
                    orders.saveAndFlush(order); // the optimistic lock: a cancel that committed first fails this
                    record(reply.orderId(), reply.fingerprint(), reply.digest(), reply.messageId());
                }
                case RECORD -> record(reply.orderId(), reply.fingerprint(), reply.digest(), reply.messageId());
                case CONFLICT -> throw refused(decided, reply.messageId());
                case DUPLICATE -> {
                }
            }
            return decided;
        });
        switch (decision.verdict()) {
            case APPLY -> log.info("Order {} CONFIRMED: inventory reserved its stock (message {})", reply.orderId(),
                    reply.messageId());
            case RECORD -> log.info("Order {} was cancelled before inventory's answer: it reserved the stock, and gives "
                    + "it back on the cancel (message {})", reply.orderId(), reply.messageId());
            default -> skipped(reply.messageId(), reply.orderId(), reply.fingerprint());
        }
        timeline.accepted(reply);
    }

    /**
     * Inventory could not take the order's stock: a PLACED order is REJECTED and cancelled through the
     * usual path, its {@code OrderCancelled} stored before the transaction (see
     * {@link OrderService#reject}), so logistics cancels the shipment. Not one transaction, like a cancel.
     */
    void rejected(StockRejected reply) {
        record Read(Order order, Decision decision) {
        }
        Read read = transactions.execute(status -> {
            Order order = order(reply.orderId(), reply.messageId());
            return new Read(order, StockReplyCheck.answer(order, answers.findById(order.getId()), reply.fingerprint(),
                    reply.digest(), reply.orderVersion()));
        });
        switch (read.decision().verdict()) {
            case APPLY -> {
                orderService.reject(read.order(), () -> record(reply.orderId(), reply.fingerprint(), reply.digest(), reply.messageId()))
                        .orElseThrow(() -> new OptimisticLockingFailureException("order " + reply.orderId()
                                + " changed while its stock reply was applied; deciding again"));
                log.info("Order {} REJECTED: {}; cancelled (message {})", reply.orderId(), reply.reason(),
                        reply.messageId());
            }
            case RECORD -> {
                transactions.executeWithoutResult(status -> record(reply.orderId(), reply.fingerprint(), reply.digest(), reply.messageId()));
                log.info("Order {} was cancelled before inventory's answer: {} (message {})", reply.orderId(),
                        reply.reason(), reply.messageId());
            }
            case CONFLICT -> throw refused(read.decision(), reply.messageId());
            case DUPLICATE -> skipped(reply.messageId(), reply.orderId(), reply.fingerprint());
        }
        timeline.accepted(reply);
    }

    /** Inventory gave a cancelled order's stock back: nothing changes here; it is logged and shown. */
    void released(StockReleased reply) {
        Decision decision = transactions.execute(status -> {
            Order order = order(reply.orderId(), reply.messageId());
            return StockReplyCheck.release(order, answers.findById(order.getId()), reply.fingerprint(),
                    reply.orderVersion());
        });
        if (decision.verdict() == StockReplyCheck.Verdict.CONFLICT) {
            throw refused(decision, reply.messageId());
        }
        log.info("Order {}: inventory gave its stock back (message {})", reply.orderId(), reply.messageId());
        timeline.accepted(reply);
    }

    /** The order a reply is about; a reply about an order that does not exist is refused to the dead-letter queue. */
    private Order order(long orderId, String messageId) {
        return orders.findById(orderId).orElseThrow(() -> new AmqpRejectAndDontRequeueException(
                "stock reply " + messageId + " is about order " + orderId + ", which does not exist"));
    }

    /** Inserted, never merged: a second answer to the same order fails on the primary key, to be decided again. */
    private void record(long orderId, String operation, String digest, String messageId) {
        answers.saveAndFlush(new StockAnswer(orderId, operation, digest, messageId, clock.instant()));
    }

    private RuntimeException refused(Decision decision, String messageId) {
        return conflicts.refuse(decision.conflict() + "; message " + messageId + " is refused");
    }

    private void skipped(String messageId, long orderId, String operation) {
        duplicates.increment();
        log.info("Skipped stock reply {}: order {} took {} already (duplicate)", messageId, orderId, operation);
    }
}
