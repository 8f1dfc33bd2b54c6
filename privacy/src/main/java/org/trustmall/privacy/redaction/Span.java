package org.trustmall.privacy.redaction;

import java.util.Objects;

/**
 * A piece of personal data found in a text: its type and where it is, as UTF-16 indices into the text
 * ({@code start} inclusive, {@code end} exclusive, as {@link String#substring(int, int)} takes them).
 */
public record Span(EntityType type, int start, int end) implements Comparable<Span> {
    public Span {
        Objects.requireNonNull(type, "type");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("a span needs 0 <= start < end, got [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    /** The characters of {@code text} this span covers. */
    public String in(String text) {
        return text.substring(start, end);
    }

    public boolean overlaps(Span other) {
        return start < other.end && other.start < end;
    }

    /** Text order: by start, then by end. */
    @Override
    public int compareTo(Span o) {
        int c = Integer.compare(start, o.start);
        return c != 0 ? c : Integer.compare(end, o.end);
    }
}
