package com.example.reliable.audit;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * An operator's action that did part of its work and then stopped (a bulk replay whose fourth message
 * the broker did not take): answered {@code 409} with {@code why}, and recorded
 * {@link AuditOutcome#PARTLY_DONE} with {@code done}, what it did before it stopped.
 */
public class ActionStoppedHalfWay extends ResponseStatusException {

    private final String done;

    public ActionStoppedHalfWay(String why, String done) {
        super(HttpStatus.CONFLICT, why);
        this.done = done;
    }

    /** What the action did before it stopped. */
    public String done() {
        return done;
    }
}
