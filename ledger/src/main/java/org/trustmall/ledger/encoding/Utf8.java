package org.trustmall.ledger.encoding;

/**
 * Strict UTF-8 well-formedness (RFC 3629): no overlong forms, no encoded surrogates, nothing above U+10FFFF. It
 * accepts exactly what a {@code CharsetDecoder} for UTF-8 with {@code CodingErrorAction.REPORT} accepts (a property
 * test holds it to that), but allocates nothing, which matters on the validation hot path.
 */
final class Utf8 {
    private Utf8() {
    }

    /** Index of the first byte of the first ill-formed sequence in {@code bytes[from, to)}, or -1 when well-formed. */
    static int firstInvalid(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            int lead = bytes[i];
            if (lead >= 0) {
                i++;
                continue;
            }
            lead &= 0xFF;
            if (lead < 0xC2 || lead > 0xF4) {
                return i; // a stray continuation byte, an overlong two-byte lead, or beyond U+10FFFF
            }
            if (lead < 0xE0) {
                if (i + 1 >= to || !continuation(bytes[i + 1])) {
                    return i;
                }
                i += 2;
            } else if (lead < 0xF0) {
                // E0 would be overlong below A0; ED from A0 on encodes a surrogate.
                int low = lead == 0xE0 ? 0xA0 : 0x80;
                int high = lead == 0xED ? 0x9F : 0xBF;
                if (i + 2 >= to || !inRange(bytes[i + 1], low, high) || !continuation(bytes[i + 2])) {
                    return i;
                }
                i += 3;
            } else {
                // F0 would be overlong below 90; F4 from 90 on is above U+10FFFF.
                int low = lead == 0xF0 ? 0x90 : 0x80;
                int high = lead == 0xF4 ? 0x8F : 0xBF;
                if (i + 3 >= to || !inRange(bytes[i + 1], low, high)
                        || !continuation(bytes[i + 2]) || !continuation(bytes[i + 3])) {
                    return i;
                }
                i += 4;
            }
        }
        return -1;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    private static boolean inRange(byte b, int low, int high) {
        int v = b & 0xFF;
        return v >= low && v <= high;
    }
}
