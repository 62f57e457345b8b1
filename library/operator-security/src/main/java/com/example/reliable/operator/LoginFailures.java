package com.example.reliable.operator;

import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * The throttle's memory: failed logins counted per client address and per user name, each in a
 * Caffeine cache of at most {@code operator.login.max-tracked} entries. An entry is made by its key's
 * first failure and lives {@code window} from then; a later failure counts without prolonging it.
 * So a lockout ends when the window of the failures that caused it ends, a spray from many addresses
 * holds at most {@code max-tracked} entries per dimension (Caffeine evicts past the bound, the
 * entries least likely to be used again first), and every failure is forgotten once its window has
 * passed. User names are counted case-insensitively, as Spring Security's in-memory accounts are
 * looked up, by their first {@value #USER_NAME_LENGTH} characters, so that no key is larger than
 * that. In memory, per instance: a restart forgets it, and each instance of a service counts on its
 * own.
 */
final class LoginFailures {

    static final int USER_NAME_LENGTH = 100;

    private static final Logger log = LoggerFactory.getLogger(LoginFailures.class);

    private final OperatorLoginProperties settings;
    private final Cache<String, Integer> byAddress;
    private final Cache<String, Integer> byUser;

    LoginFailures(OperatorLoginProperties settings) {
        this(settings, Ticker.systemTicker());
    }

    /** {@code ticker} is the time the windows run on; a test's own, to let a window pass at once. */
    LoginFailures(OperatorLoginProperties settings, Ticker ticker) {
        this.settings = settings;
        this.byAddress = counters(settings, ticker);
        this.byUser = counters(settings, ticker);
    }

    private static Cache<String, Integer> counters(OperatorLoginProperties settings, Ticker ticker) {
        return Caffeine.newBuilder()
                .maximumSize(settings.maxTracked())
                // Set when the key's first failure creates the entry; an update or a read keeps it.
                .expireAfter(Expiry.creating((String key, Integer count) -> settings.window()))
                .ticker(ticker)
                // Expired entries leave memory when their window ends, even if no request comes.
                .scheduler(Scheduler.systemScheduler())
                .build();
    }

    /**
     * The lockout a request with credentials falls under, if any: its address's, or the user name's
     * it sends ({@code null} when it names none); the longer of the two if both are locked.
     */
    Optional<Lockout> lockout(String address, String user) {
        Optional<Lockout> ofAddress = lockout(byAddress, address, settings.maxFailures(), "from this address");
        Optional<Lockout> ofUser = user == null ? Optional.empty()
                : lockout(byUser, userKey(user), settings.maxFailuresPerUser(), "for this user name");
        return Stream.concat(ofAddress.stream(), ofUser.stream()).max(Comparator.comparing(Lockout::remaining));
    }

    /** Counts a failed login from {@code address}, and for {@code user} if it named one (else null). */
    void failed(String address, String user) {
        count(byAddress, address, settings.maxFailures(), "from address");
        if (user != null) {
            count(byUser, userKey(user), settings.maxFailuresPerUser(), "for user name");
        }
    }

    /**
     * A login from {@code address} succeeded: its failures are forgotten. The user name's are not:
     * one success says nothing about the guesses at that account from other addresses.
     */
    void succeeded(String address) {
        byAddress.invalidate(address);
    }

    /** How many addresses have failures on record, after evicting what is past the bound or expired. */
    long trackedAddresses() {
        byAddress.cleanUp();
        return byAddress.estimatedSize();
    }

    /** How many user names have failures on record, after evicting what is past the bound or expired. */
    long trackedUsers() {
        byUser.cleanUp();
        return byUser.estimatedSize();
    }

    private void count(Cache<String, Integer> failures, String key, int limit, String what) {
        int count = failures.asMap().merge(key, 1, Integer::sum);
        if (count == limit) {
            log.warn("{} failed logins {} {} within {}: its requests with credentials are refused for {} s", count,
                    what, key, settings.window().toString().substring(2).toLowerCase(Locale.ROOT),
                    seconds(remaining(failures, key)));
        }
    }

    private Optional<Lockout> lockout(Cache<String, Integer> failures, String key, int limit, String what) {
        Integer count = failures.getIfPresent(key);
        if (count == null || count < limit) {
            return Optional.empty();
        }
        return Optional.of(new Lockout(what, remaining(failures, key)));
    }

    /** What is left of the key's window: Caffeine's own expiry of the entry, so there is one clock. */
    private static Duration remaining(Cache<String, Integer> failures, String key) {
        return failures.policy().expireVariably().flatMap(expiry -> expiry.getExpiresAfter(key))
                .orElse(Duration.ZERO);
    }

    private static String userKey(String user) {
        String name = user.length() > USER_NAME_LENGTH ? user.substring(0, USER_NAME_LENGTH) : user;
        // Lower case as the in-memory accounts are looked up; no control characters in a log line.
        return name.toLowerCase(Locale.ROOT).replaceAll("\\p{Cntrl}", "?");
    }

    static long seconds(Duration remaining) {
        // Rounded up: a client that waits this long finds the window over.
        return Math.max(1, (remaining.toNanos() + 999_999_999L) / 1_000_000_000L);
    }

    /**
     * A refusal: {@code of} names what is locked out ("from this address", "for this user name"), and
     * {@code remaining} is what is left of its window.
     */
    record Lockout(String of, Duration remaining) {

        /** The {@code Retry-After} in whole seconds, rounded up. */
        long retryAfterSeconds() {
            return seconds(remaining);
        }
    }
}
