package com.example.reliable.publishing.jdbc;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import com.example.reliable.publishing.CheckBack;
import com.example.reliable.publishing.Source;

/**
 * The compensation job's question, "is the change this record reports committed?", answered by the
 * database store itself: a record is a row written in its change's own transaction, so a row the job
 * can see exists only because that transaction committed. Every source is committed; nothing is
 * asked of the database. The default {@link CheckBack} wherever {@code reliable.publishing.store=jdbc}
 * and the service supplies none.
 */
class OutboxCheckBack implements CheckBack {

    @Override
    public Set<Source> committed(Collection<Source> sources) {
        return new HashSet<>(sources);
    }
}
