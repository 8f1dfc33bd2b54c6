package org.trustmall.data.ingest;

import java.util.Locale;

/** The input formats {@link Ingest} reads. */
public enum Format {
    /** Comma-separated with a header row, RFC 4180 quoting. */
    CSV,
    /** Tab-separated with a header row, no quoting (IANA text/tab-separated-values). */
    TSV,
    /** One JSON object per line. */
    JSONL,
    /** RecBole atomic files: a {@code .inter} file or a folder of them, with {@code .item2index}/{@code .text}. */
    RECBOLE,
    /** One user per line: {@code user item1 item2 …} in time order, whitespace-separated. */
    SEQUENCE;

    public static Format parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown format '" + s + "' (csv, tsv, jsonl, recbole, sequence)");
        }
    }
}
