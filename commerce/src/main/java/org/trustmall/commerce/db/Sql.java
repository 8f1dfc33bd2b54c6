package org.trustmall.commerce.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * Small conversions every store needs, written once so that H2 and PostgreSQL see the same values: instants are
 * bound as UTC {@link OffsetDateTime} (Jdbi would bind an {@link Instant} as a zone-less timestamp) and truncated to
 * milliseconds, which both databases keep exactly.
 */
public final class Sql {
    /** SQLSTATE of a unique or primary-key violation, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01", "90131");

    private Sql() {
    }

    /** An instant as a bindable UTC timestamp with time zone, to the millisecond. */
    public static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
    }

    /** Reads a TIMESTAMP WITH TIME ZONE column; null stays null. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** Whether {@code t}, or anything that caused it, is a unique-constraint violation. */
    public static boolean isUniqueViolation(Throwable t) {
        return hasState(t, Set.of(UNIQUE_VIOLATION));
    }

    /**
     * Whether {@code t} is a transient conflict between transactions that a retry of the whole transaction resolves:
     * a serialization failure or deadlock (PostgreSQL 40001/40P01, H2 40001) or H2's concurrent-update error (90131).
     */
    public static boolean isRetryable(Throwable t) {
        return hasState(t, RETRYABLE);
    }

    private static boolean hasState(Throwable t, Set<String> states) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException s) {
                for (SQLException n = s; n != null; n = n.getNextException()) {
                    if (states.contains(n.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
