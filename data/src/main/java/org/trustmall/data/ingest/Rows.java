package org.trustmall.data.ingest;

import java.util.Locale;

/** Turns the text fields of one source row into an interaction or a reason to quarantine it. Pure. */
final class Rows {
    /** The longest field accepted; longer ones are a sign of a broken file (a lost quote, a binary blob). */
    static final int MAX_FIELD = 1000;

    private Rows() {
    }

    /** The outcome of one row. */
    sealed interface Parsed permits Accepted, Rejected {
    }

    record Accepted(Interaction interaction) implements Parsed {
    }

    record Rejected(Reason reason, String detail) implements Parsed {
    }

    /** Null when {@code value} may be stored, else why not. */
    static Rejected checkField(String role, String value, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            return new Rejected(Reason.FIELD_TOO_LONG, role + " has " + value.length() + " characters (at most "
                    + max + ")");
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == '\uFFFD') {
                return new Rejected(Reason.BAD_ENCODING, role + " is not valid UTF-8");
            }
            if (Character.isISOControl(value.charAt(i))) {
                return new Rejected(Reason.CONTROL_CHARACTER, role + " contains control character U+"
                        + String.format(Locale.ROOT, "%04X", (int) value.charAt(i)));
            }
        }
        return null;
    }

    /**
     * An interaction from its fields, any of which may be null (absent). {@code position} is the timestamp when
     * the source has no time column.
     */
    static Parsed interaction(IngestRequest req, String user, String item, String timestamp, String event,
                              String rating, long position) {
        String[][] fields = {{"user", user}, {"item", item}, {"timestamp", timestamp}, {"event", event},
                {"rating", rating}};
        for (String[] f : fields) {
            Rejected bad = checkField(f[0], f[1], MAX_FIELD);
            if (bad != null) {
                return bad;
            }
        }
        if (user == null || user.isBlank()) {
            return new Rejected(Reason.MISSING_USER, "no user");
        }
        if (item == null || item.isBlank()) {
            return new Rejected(Reason.MISSING_ITEM, "no item");
        }
        long time = position;
        if (timestamp != null && !timestamp.isBlank()) {
            try {
                time = req.timestampFormat().toEpochMillis(timestamp);
            } catch (IllegalArgumentException e) {
                return new Rejected(Reason.BAD_TIMESTAMP, e.getMessage());
            }
        } else if (timestamp != null) {
            return new Rejected(Reason.BAD_TIMESTAMP, "empty timestamp");
        }
        Double score = null;
        if (rating != null && !rating.isBlank()) {
            try {
                score = Double.parseDouble(rating.trim());
            } catch (NumberFormatException e) {
                return new Rejected(Reason.BAD_RATING, "'" + rating + "' is not a number");
            }
            if (!(score >= req.minRating() && score <= req.maxRating())) {
                return new Rejected(Reason.RATING_OUT_OF_RANGE, rating.trim() + " is outside " + req.minRating()
                        + ".." + req.maxRating());
            }
        }
        String kind;
        if (event != null && !event.isBlank()) {
            kind = event.trim().toLowerCase(Locale.ROOT);
            if (!Interaction.EVENTS.contains(kind)) {
                return new Rejected(Reason.BAD_EVENT, "'" + event + "' is not one of " + String.join(", ",
                        Interaction.EVENTS));
            }
        } else {
            kind = score != null ? "rating" : req.defaultEvent();
        }
        return new Accepted(new Interaction(user.trim(), item.trim(), time, kind, score));
    }
}
