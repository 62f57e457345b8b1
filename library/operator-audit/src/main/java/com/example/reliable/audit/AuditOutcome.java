package com.example.reliable.audit;

/** How an operator's action ended, as its audit entry says. */
public enum AuditOutcome {

    /** Done, all of it. */
    DONE,

    /** Begun and stopped: the entry's detail says what was done before it stopped, and why it stopped. */
    PARTLY_DONE,

    /** Not done: the service said no (a 4xx: not FAILED, not found, no reason given, wrong credentials). */
    REFUSED,

    /** Not done: it failed (the database or the broker away); the entry's detail says how. */
    FAILED
}
