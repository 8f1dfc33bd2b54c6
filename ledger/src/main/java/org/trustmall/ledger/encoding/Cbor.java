package org.trustmall.ledger.encoding;

/**
 * The canonical encoding of contract arguments and contract state: deterministic CBOR (RFC 8949 §4.2.1), restricted
 * to null, booleans, signed 64-bit integers, byte strings, UTF-8 text strings, arrays and maps with text keys.
 *
 * <p>Arguments are signed as bytes, so the encoding must be a bijection: {@link #decode} accepts only the one
 * canonical encoding of each value (shortest heads, map keys in bytewise order of their encodings and unique,
 * strict UTF-8, definite lengths, nesting at most {@value #MAX_DEPTH} deep, nothing after the item) and
 * {@link #encode} produces only that encoding. Hence {@code encode(decode(b))} equals {@code b} for every accepted
 * {@code b}, and every node re-encodes a value byte for byte alike. Floats, tags, {@code undefined} and other simple
 * values are refused, because they would bring second encodings of equal values or values contracts cannot use.
 *
 * <p>Stateless and thread-safe. Decoding never allocates more than a small multiple of the input's size, whatever
 * lengths the input declares.
 */
public final class Cbor {
    /** The deepest nesting of arrays and maps accepted or produced; a top-level array is at depth 1. */
    public static final int MAX_DEPTH = 32;

    private Cbor() {
    }

    /**
     * Canonical encoding of {@code value}: null, Boolean, Byte, Short, Integer, Long, String, byte[], a
     * {@code List<?>} of values, a {@code Map<String, ?>} of values (any implementation; its own order is ignored)
     * or a {@link CborMap}.
     *
     * @throws IllegalArgumentException for an unsupported type, a non-text map key, a text string with an unpaired
     *     surrogate or nesting deeper than {@value #MAX_DEPTH}; the message names the path, e.g. {@code value.items[2]}
     */
    public static byte[] encode(Object value) {
        return CanonicalWriter.encode(value);
    }

    /** Same as {@link #decode(byte[], int, int)} over all of {@code data}. */
    public static Object decode(byte[] data) {
        return decode(data, 0, data.length);
    }

    /**
     * The value whose canonical encoding is exactly {@code data[offset, offset + length)}: a Long, String, byte[]
     * (a fresh copy), Boolean, null, an unmodifiable {@code List<Object>} or an unmodifiable
     * {@code Map<String, Object>} that iterates in canonical key order.
     *
     * @throws MalformedEncodingException when the bytes are not exactly one canonical item of the supported subset
     * @throws IndexOutOfBoundsException when the range lies outside {@code data}
     */
    public static Object decode(byte[] data, int offset, int length) {
        return CanonicalReader.read(data, offset, length, true);
    }

    /** Same as {@link #validate(byte[], int, int)} over all of {@code data}. */
    public static void validate(byte[] data) {
        validate(data, 0, data.length);
    }

    /**
     * Checks that {@code data[offset, offset + length)} would {@linkplain #decode decode}, without building the value:
     * it accepts exactly what decode accepts and throws the same exception, but allocates nothing per item.
     *
     * @throws MalformedEncodingException when the bytes are not exactly one canonical item of the supported subset
     * @throws IndexOutOfBoundsException when the range lies outside {@code data}
     */
    public static void validate(byte[] data, int offset, int length) {
        CanonicalReader.read(data, offset, length, false);
    }
}
