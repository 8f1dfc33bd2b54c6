package org.trustmall.commerce.accounts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * A sliding-window limit: at most {@code maxAttempts} in any {@code window}. Pure: given the recent attempts it says
 * how long to wait, nothing more.
 */
record LoginThrottle(int maxAttempts, Duration window) {
    /** 5 failed logins per account in 15 minutes. */
    static final LoginThrottle PER_ACCOUNT = new LoginThrottle(5, Duration.ofMinutes(15));
    /** 20 failed logins per client address in 15 minutes. */
    static final LoginThrottle PER_CLIENT = new LoginThrottle(20, Duration.ofMinutes(15));

    /**
     * Seconds to wait before another attempt is allowed, or empty if one is allowed now.
     *
     * @param recentNewestFirst attempts inside the window ending at {@code now}, newest first (at least the newest
     *                          {@code maxAttempts} of them)
     */
    OptionalLong retryAfterSeconds(List<Instant> recentNewestFirst, Instant now) {
        if (recentNewestFirst.size() < maxAttempts) {
            return OptionalLong.empty();
        }
        // Once the maxAttempts-th newest attempt leaves the window, fewer than maxAttempts remain in it.
        Instant freeAt = recentNewestFirst.get(maxAttempts - 1).plus(window);
        long millis = Duration.between(now, freeAt).toMillis();
        return millis <= 0 ? OptionalLong.empty() : OptionalLong.of(Math.max(1, (millis + 999) / 1000));
    }

    Instant windowStart(Instant now) {
        return now.minus(window);
    }
}
