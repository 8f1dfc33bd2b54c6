package org.trustmall.data.ingest;

/** Why a row was quarantined; {@link #code()} is what the quarantine file and the report use. */
public enum Reason {
    WRONG_COLUMN_COUNT,
    BAD_QUOTING,
    BAD_JSON,
    MISSING_USER,
    MISSING_ITEM,
    BAD_TIMESTAMP,
    BAD_RATING,
    RATING_OUT_OF_RANGE,
    BAD_EVENT,
    FIELD_TOO_LONG,
    CONTROL_CHARACTER,
    BAD_ENCODING;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
