package com.example.reliable.publishing.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.reliable.publishing.MessageSender;

/**
 * The compensation job's memory of a broker it could not reach. Once a round has found the broker
 * unreachable, each following round first asks for a channel ({@link MessageSender#brokerReachable()},
 * one connection attempt, nothing published) and claims nothing while it gets none: the waiting
 * records stay as they are, instead of being claimed, checked back and written back with a new
 * backoff every round for as long as the outage lasts. The first round that gets a channel resends
 * as usual, so a backlog goes out within one {@code job-interval} of the broker's return, as before.
 * Records the relay hands over meanwhile still get their one try each.
 */
class BrokerOutage {

    private static final Logger log = LoggerFactory.getLogger(BrokerOutage.class);

    private final MessageSender sender;
    private final Clock clock;
    private volatile Instant since;

    BrokerOutage(MessageSender sender, Clock clock) {
        this.sender = sender;
        this.clock = clock;
    }

    /** Whether the broker is still away: asked only while it was last found unreachable. */
    boolean stillAway() {
        if (since == null) {
            return false;
        }
        if (sender.brokerReachable()) {
            log.info("The broker can be reached again after {} s; the compensation job resends",
                    Duration.between(since, clock.instant()).toSeconds());
            since = null;
            return false;
        }
        return true;
    }

    /** What a round that published found. */
    void observed(boolean brokerUnreachable) {
        if (brokerUnreachable && since == null) {
            since = clock.instant();
            log.warn("The broker cannot be reached: the compensation job claims nothing until it can open a "
                    + "channel again, and asks every job-interval; the waiting records stay as they are");
        }
        else if (!brokerUnreachable) {
            since = null;
        }
    }
}
