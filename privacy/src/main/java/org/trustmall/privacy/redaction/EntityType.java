package org.trustmall.privacy.redaction;

import java.util.Locale;

/**
 * The kinds of personal data the {@link Redactor} recognises. The declaration order is the priority with which
 * overlapping findings are settled: a string that is both a valid resident ID and passes the Luhn check is an ID,
 * an email address wins over the phone number that forms its local part.
 */
public enum EntityType {
    EMAIL,
    ID_CARD,
    BANK_CARD,
    PHONE,
    IP,
    ADDRESS,
    NAME;

    /** The name used in JSON and on the command line: {@code email}, {@code id_card} … */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What {@link Redactor#redact} puts in place of a finding: {@code [EMAIL]}, {@code [ID_CARD]} … */
    public String placeholder() {
        return "[" + name() + "]";
    }

    /** The type with this {@link #key()}. */
    public static EntityType ofKey(String key) {
        for (EntityType t : values()) {
            if (t.key().equals(key)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown entity type '" + key + "'");
    }
}
