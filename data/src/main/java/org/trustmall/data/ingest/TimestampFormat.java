package org.trustmall.data.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How a source writes time; every format is normalised to epoch milliseconds. */
public enum TimestampFormat {
    /** Seconds since the epoch, possibly with a fraction ({@code 1700000000}, {@code 1700000000.5}). */
    EPOCH_S,
    /** Milliseconds since the epoch. */
    EPOCH_MS,
    /** ISO-8601: an instant, a date-time with offset, a local date-time (read as UTC) or a date. */
    ISO;

    public static TimestampFormat parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "epoch-s", "epoch_s", "s" -> EPOCH_S;
            case "epoch-ms", "epoch_ms", "ms" -> EPOCH_MS;
            case "iso", "iso-8601", "iso8601" -> ISO;
            default -> throw new IllegalArgumentException(
                    "unknown timestamp format '" + s + "' (epoch-s, epoch-ms, iso)");
        };
    }

    /** Epoch milliseconds of {@code text}; throws IllegalArgumentException saying what is wrong. */
    public long toEpochMillis(String text) {
        String t = text.trim();
        try {
            return switch (this) {
                case EPOCH_S -> {
                    double secs = Double.parseDouble(t);
                    if (!Double.isFinite(secs) || Math.abs(secs) > 9.2e15) {
                        throw new NumberFormatException();
                    }
                    yield Math.round(secs * 1000);
                }
                case EPOCH_MS -> Long.parseLong(t);
                case ISO -> iso(t);
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a timestamp in " + label());
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static long iso(String t) {
        if (t.length() == 10) {
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(t).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
        }
    }
}
