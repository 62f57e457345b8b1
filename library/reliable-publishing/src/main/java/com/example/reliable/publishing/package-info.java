/**
 * Reliable publishing: a message is stored before the business transaction commits, published
 * after it commits, removed only when the broker confirms it, and resent by a compensation job
 * when no confirm comes. Service-neutral: a service supplies a {@link CheckBack} and calls
 * {@link ReliablePublisher#send} (or {@code storeThenCommit}); a store module supplies the
 * {@link MessageStore}.
 * <p>
 * This package is the publish path, read top to bottom in this order: {@link ReliablePublisher}
 * (store, then hand over after the commit) → {@link MessageRelay} (its own threads) →
 * {@link MessageSender} (a place in the {@link ConfirmWindow}, then the publish) →
 * {@link PublisherConfirms} (the broker's answer, on its connection thread) → {@link OutcomeWriter}
 * (answers applied to the store in batches) → {@link DeliveryAttempts} and {@link Backoff} (a failed
 * attempt: due again later, or FAILED). Beside it: {@link PublishingMetrics}, {@link MessageTracing},
 * {@link PublishingSchedules}; and the contract a store implements ({@link MessageStore},
 * {@link MessageRecord}, {@link MessageStatus}, {@link OutgoingMessage}, {@link Source}).
 * <p>
 * <b>Why one package for the path.</b> Its classes hand each other the same record, sender, window
 * and attempts; split into {@code delivery/} and {@code confirms/}, nearly every one of them and its
 * constructor would have to be public for the others and the auto-configuration, and a reader would
 * lose the line between what a service uses (public) and what it need not touch (package-private).
 * What stands on the path with a narrow interface has a package of its own, each with its
 * auto-configuration, depending on this one and never the reverse: {@code job/} (the compensation
 * job: {@link MessageSender#send}, {@link MessageSender#brokerReachable}, three meters) and
 * {@code admin/} (the operator API).
 */
package com.example.reliable.publishing;
