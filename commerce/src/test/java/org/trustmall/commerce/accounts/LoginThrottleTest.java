package org.trustmall.commerce.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private final LoginThrottle limit = new LoginThrottle(3, Duration.ofMinutes(15));

    @Test
    void fewerAttemptsThanTheLimitAreAllowed() {
        assertEquals(OptionalLong.empty(), limit.retryAfterSeconds(List.of(NOW, NOW), NOW));
    }

    @Test
    void atTheLimitTheWaitLastsUntilTheOldestCountedAttemptLeavesTheWindow() {
        List<Instant> recent = List.of(NOW.minusSeconds(10), NOW.minusSeconds(100), NOW.minusSeconds(300));
        assertEquals(OptionalLong.of(15 * 60 - 300), limit.retryAfterSeconds(recent, NOW));
        assertEquals(OptionalLong.empty(), limit.retryAfterSeconds(recent, NOW.plusSeconds(15 * 60 - 300)));
    }

    @Test
    void partOfASecondIsRoundedUp() {
        List<Instant> recent = List.of(NOW, NOW, NOW.minusMillis(15 * 60 * 1000 - 1));
        assertEquals(OptionalLong.of(1), limit.retryAfterSeconds(recent, NOW));
    }
}
