package org.trustmall.data.ingest;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits delimited text into records. With quoting it follows RFC 4180: a field in double quotes may hold the
 * delimiter, line breaks and {@code ""} for a quote; records end at LF or CRLF. Without quoting (TSV) a record is
 * one line. A malformed record (a quote inside an unquoted field, text after a closing quote, a quote never
 * closed) is returned with {@link Record#error()} set and the parser carries on at the next line.
 */
final class DelimitedParser {
    private static final int RAW_KEPT = Sink.MAX_RAW + 1;

    /**
     * One record.
     *
     * @param line   the 1-based physical line where it starts
     * @param fields its fields
     * @param raw    its text (at most a little more than the quarantine keeps)
     * @param error  why it is malformed, or null
     */
    record Record(long line, List<String> fields, String raw, String error) {
    }

    private final Reader in;
    private final char delimiter;
    private final boolean quoting;
    private final char[] buf = new char[1 << 14];
    private int pos;
    private int len;
    private long line = 1;

    DelimitedParser(Reader in, char delimiter, boolean quoting) {
        this.in = in;
        this.delimiter = delimiter;
        this.quoting = quoting;
    }

    private int next() throws IOException {
        if (pos == len) {
            len = in.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) {
                len = 0;
                return -1;
            }
        }
        return buf[pos++];
    }

    private int peek() throws IOException {
        int c = next();
        if (c >= 0) {
            pos--;
        }
        return c;
    }

    /** The next record, or null at the end of the input. */
    Record read() throws IOException {
        long start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        StringBuilder raw = new StringBuilder();
        String error = null;
        boolean quoted = false;      // inside a quoted field
        boolean afterQuote = false;  // a quoted field just closed
        boolean any = false;
        while (true) {
            int c = next();
            if (c < 0) {
                if (!any) {
                    return null;
                }
                if (quoted) {
                    error = "a quote opened on line " + start + " is never closed";
                }
                fields.add(field.toString());
                return new Record(start, fields, raw.toString(), error);
            }
            any = true;
            if (quoted) {
                if (c == '"') {
                    if (peek() == '"') {
                        next();
                        field.append('"');
                        keep(raw, '"');
                        keep(raw, '"');
                    } else {
                        quoted = false;
                        afterQuote = true;
                        keep(raw, '"');
                    }
                    continue;
                }
                if (c == '\n') {
                    line++;
                }
                field.append((char) c);
                keep(raw, (char) c);
                continue;
            }
            if (c == '\r' && peek() == '\n') {
                continue; // the \n ends the record
            }
            if (c == '\n') {
                line++;
                fields.add(field.toString());
                return new Record(start, fields, raw.toString(), error);
            }
            keep(raw, (char) c);
            if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
                continue;
            }
            if (error != null || !quoting) {
                field.append((char) c);
                continue;
            }
            if (afterQuote) {
                error = "text after a closing quote in field " + (fields.size() + 1);
                field.append((char) c);
            } else if (c == '"') {
                if (field.isEmpty()) {
                    quoted = true;
                } else {
                    error = "a quote inside unquoted field " + (fields.size() + 1);
                    field.append('"');
                }
            } else {
                field.append((char) c);
            }
        }
    }

    private static void keep(StringBuilder raw, char c) {
        if (raw.length() < RAW_KEPT) {
            raw.append(c);
        }
    }
}
