package com.example.reliable.publishing;

import java.util.Collection;
import java.util.Set;

/**
 * The service's answer to "did the transactions that produced these messages commit?". Asked by
 * the compensation job before it resends anything, because a stored message may belong to a
 * transaction that rolled back, or to a service that died before its commit. The job asks for a
 * whole batch at once, so an implementation should answer with one query
 * ({@code ... where id in (...)}), not one per source.
 */
@FunctionalInterface
public interface CheckBack {

    /**
     * @param sources the changes a batch of stored messages reports
     * @return those of {@code sources} whose change is committed in the service's database; the
     *     others are not (yet) committed
     */
    Set<Source> committed(Collection<Source> sources);
}
