package org.trustmall.ledger.encoding;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One pass over an encoding that either only checks it ({@code build == false}, for {@link Cbor#validate}) or also
 * builds the value ({@link Cbor#decode}). Both go through the same code so that they cannot disagree about what
 * is canonical. In checking mode nothing is allocated per item. Not thread-safe: one instance per call.
 */
final class CanonicalReader {
    private static final int UNSIGNED = 0;
    private static final int NEGATIVE = 1;
    private static final int BYTES = 2;
    private static final int TEXT = 3;
    private static final int ARRAY = 4;
    private static final int MAP = 5;
    private static final int TAG = 6;

    private final byte[] data;
    private final int base;
    private final int end;
    private final boolean build;
    private int pos;

    private CanonicalReader(byte[] data, int offset, int length, boolean build) {
        this.data = data;
        this.base = offset;
        this.end = offset + length;
        this.build = build;
        this.pos = offset;
    }

    /** Reads exactly one item filling {@code data[offset, offset + length)}; returns it, or null when not building. */
    static Object read(byte[] data, int offset, int length, boolean build) {
        Objects.requireNonNull(data, "data");
        Objects.checkFromIndexSize(offset, length, data.length);
        CanonicalReader reader = new CanonicalReader(data, offset, length, build);
        Object value = reader.item(0);
        if (reader.pos != reader.end) {
            throw reader.fail("trailing bytes after the top-level item", reader.pos);
        }
        return value;
    }

    private Object item(int depth) {
        int at = pos;
        int initial = initialByte(at);
        int major = initial >>> 5;
        int info = initial & 0x1F;
        if (major == 7) {
            return simple(info, at);
        }
        if (major == TAG) {
            throw fail("tags are not supported", at);
        }
        long argument = argument(major, info, at);
        return switch (major) {
            case UNSIGNED -> {
                if (argument < 0) { // as unsigned, above Long.MAX_VALUE
                    throw fail("integer above the signed 64-bit range", at);
                }
                yield build ? Long.valueOf(argument) : null;
            }
            case NEGATIVE -> {
                if (argument < 0) { // -1 - argument would be below Long.MIN_VALUE
                    throw fail("integer below the signed 64-bit range", at);
                }
                yield build ? Long.valueOf(-1 - argument) : null;
            }
            case BYTES -> {
                int from = pos;
                pos += length(argument, at);
                yield build ? Arrays.copyOfRange(data, from, pos) : null;
            }
            case TEXT -> textBody(argument, at);
            case ARRAY -> array(argument, at, depth + 1);
            case MAP -> map(argument, at, depth + 1);
            default -> throw new AssertionError("major type " + major);
        };
    }

    private Object array(long count, int at, int depth) {
        checkDepth(depth, at);
        // Every item takes at least one byte, so a count beyond the remaining bytes is a lie; refusing it here
        // keeps a few hostile bytes from making us allocate a huge list.
        if (count < 0 || count > end - pos) {
            throw fail("array declares " + Long.toUnsignedString(count) + " items but only " + (end - pos)
                    + " bytes remain", at);
        }
        int n = (int) count;
        List<Object> items = build ? new ArrayList<>(n) : null;
        for (int i = 0; i < n; i++) {
            Object value = item(depth);
            if (build) {
                items.add(value);
            }
        }
        return build ? Collections.unmodifiableList(items) : null;
    }

    private Object map(long count, int at, int depth) {
        checkDepth(depth, at);
        if (count < 0 || count > (end - pos) / 2) { // each entry takes at least two bytes
            throw fail("map declares " + Long.toUnsignedString(count) + " entries but only " + (end - pos)
                    + " bytes remain", at);
        }
        int n = (int) count;
        Map<String, Object> entries = build ? LinkedHashMap.newLinkedHashMap(n) : null;
        int previousKey = -1;
        int previousKeyEnd = -1;
        for (int i = 0; i < n; i++) {
            int keyAt = pos;
            int initial = initialByte(keyAt);
            if (initial >>> 5 != TEXT) {
                throw fail("map key is not a text string", keyAt);
            }
            Object key = textBody(argument(TEXT, initial & 0x1F, keyAt), keyAt);
            // Canonical order is bytewise order of the keys' whole encodings, heads included (RFC 8949 §4.2.1).
            if (previousKey >= 0) {
                int order = Arrays.compareUnsigned(data, previousKey, previousKeyEnd, data, keyAt, pos);
                if (order == 0) {
                    throw fail("duplicate map key", keyAt);
                }
                if (order > 0) {
                    throw fail("map keys out of canonical order", keyAt);
                }
            }
            previousKey = keyAt;
            previousKeyEnd = pos;
            Object value = item(depth);
            if (build) {
                entries.put((String) key, value);
            }
        }
        return build ? Collections.unmodifiableMap(entries) : null;
    }

    /** Reads the UTF-8 body of a text string whose head has been read. */
    private Object textBody(long declaredLength, int at) {
        int from = pos;
        int n = length(declaredLength, at);
        int invalid = Utf8.firstInvalid(data, from, from + n);
        if (invalid >= 0) {
            throw fail("invalid UTF-8 in text string", invalid);
        }
        pos = from + n;
        // The bytes are well-formed, so this lenient decode is exact.
        return build ? new String(data, from, n, StandardCharsets.UTF_8) : null;
    }

    private Object simple(int info, int at) {
        pos++;
        return switch (info) {
            case 20 -> build ? Boolean.FALSE : null;
            case 21 -> build ? Boolean.TRUE : null;
            case 22 -> null;
            case 23 -> throw fail("undefined is not supported", at);
            case 25, 26, 27 -> throw fail("floating-point numbers are not supported", at);
            case 28, 29, 30 -> throw fail("reserved additional information " + info, at);
            case 31 -> throw fail("unexpected break (indefinite lengths are not supported)", at);
            default -> throw fail("simple values other than false, true and null are not supported", at);
        };
    }

    private int initialByte(int at) {
        if (pos >= end) {
            throw fail("truncated input: expected an item", at);
        }
        return data[pos] & 0xFF;
    }

    /**
     * Reads the head's argument (the initial byte is at {@code pos}) and insists on its shortest form. The result is
     * unsigned: a negative long means a value above {@link Long#MAX_VALUE}.
     */
    private long argument(int major, int info, int at) {
        pos++;
        if (info < 24) {
            return info;
        }
        if (info >= 28) {
            throw fail(info == 31 ? "indefinite lengths are not supported" : "reserved additional information " + info,
                    at);
        }
        int size = 1 << (info - 24);
        if (end - pos < size) {
            throw fail("truncated input: head needs " + size + " more bytes", at);
        }
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = value << 8 | (data[pos++] & 0xFF);
        }
        long smallestForSize = switch (size) {
            case 1 -> 24;
            case 2 -> 1L << 8;
            case 4 -> 1L << 16;
            default -> 1L << 32;
        };
        if (Long.compareUnsigned(value, smallestForSize) < 0) {
            throw fail(major <= NEGATIVE ? "non-canonical integer encoding" : "non-canonical length encoding", at);
        }
        return value;
    }

    private int length(long declared, int at) {
        if (declared < 0 || declared > end - pos) {
            throw fail("declared length " + Long.toUnsignedString(declared) + " exceeds the " + (end - pos)
                    + " remaining bytes", at);
        }
        return (int) declared;
    }

    private void checkDepth(int depth, int at) {
        if (depth > Cbor.MAX_DEPTH) {
            throw fail("nesting deeper than " + Cbor.MAX_DEPTH + " arrays and maps", at);
        }
    }

    private MalformedEncodingException fail(String problem, int at) {
        return new MalformedEncodingException(problem, at - base);
    }
}
