package com.example.reliable.publishing;

/**
 * The service's answer to "did the transaction that produced this message commit?". Asked by the
 * {@link CompensationJob} before every resend, because a stored message may belong to a
 * transaction that rolled back, or to a service that died before its commit.
 */
@FunctionalInterface
public interface CheckBack {

    /**
     * @return {@code true} when the change the message reports is committed in the service's
     *     database, {@code false} when it is not (yet)
     */
    boolean committed(Source source);
}
