package org.trustmall.ledger.encoding;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes the canonical encoding of a value of the supported data model. Refuses, rather than approximates, anything
 * the reader would refuse, so that everything written can be read back. Not thread-safe: one instance per call.
 */
final class CanonicalWriter {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /**
     * Encoded forms of map keys. Contracts use a small vocabulary of field names over and over, so remembering
     * them saves an encoding and two allocations per field; bounded, and only short keys.
     */
    private static final Map<String, byte[]> KEYS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_CACHED_KEYS = 4096;
    private static final int MAX_CACHED_KEY_LENGTH = 48;

    private byte[] buffer = new byte[256];
    private int count;

    private CanonicalWriter() {
    }

    static byte[] encode(Object value) {
        CanonicalWriter writer = new CanonicalWriter();
        try {
            writer.write(value, 0);
        } catch (Refusal refusal) {
            throw new IllegalArgumentException(refusal.getMessage() + " at value" + String.join("", refusal.path));
        }
        return Arrays.copyOf(writer.buffer, writer.count);
    }

    private void write(Object value, int depth) {
        switch (value) {
            case null -> writeByte(0xF6);
            case Boolean b -> writeByte(b ? 0xF5 : 0xF4);
            case Long n -> integer(n);
            case Integer n -> integer(n);
            case Short n -> integer(n);
            case Byte n -> integer(n);
            case String s -> {
                byte[] utf8 = utf8(s);
                head(3, utf8.length);
                writeBytes(utf8);
            }
            case byte[] b -> {
                head(2, b.length);
                writeBytes(b);
            }
            case List<?> list -> array(list.toArray(), depth + 1);
            case Map<?, ?> map -> map(map, depth + 1);
            case CborMap map -> map(map.asMap(), depth + 1);
            default -> throw new Refusal("cannot encode " + value.getClass().getName());
        }
    }

    private void array(Object[] items, int depth) {
        checkDepth(depth);
        head(4, items.length);
        for (int i = 0; i < items.length; i++) {
            try {
                write(items[i], depth);
            } catch (Refusal refusal) {
                throw refusal.under("[" + i + "]");
            }
        }
    }

    private void map(Map<?, ?> map, int depth) {
        checkDepth(depth);
        // A snapshot, so that the head's count and the entries written agree even for a map that misbehaves.
        Object[] snapshot = map.entrySet().toArray();
        Key[] keys = new Key[snapshot.length];
        for (int i = 0; i < snapshot.length; i++) {
            Map.Entry<?, ?> entry = (Map.Entry<?, ?>) snapshot[i];
            if (!(entry.getKey() instanceof String name)) {
                throw new Refusal("map key must be a text string, got "
                        + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName()));
            }
            byte[] encoded = KEYS.get(name);
            if (encoded == null) {
                try {
                    encoded = encodedKey(utf8(name));
                } catch (Refusal refusal) {
                    throw refusal.under(segment(name));
                }
                if (name.length() <= MAX_CACHED_KEY_LENGTH) {
                    if (KEYS.size() >= MAX_CACHED_KEYS) {
                        KEYS.clear();
                    }
                    KEYS.put(name, encoded);
                }
            }
            keys[i] = new Key(name, encoded, entry.getValue());
        }
        Arrays.sort(keys, (a, b) -> Arrays.compareUnsigned(a.encoded, b.encoded));
        head(5, keys.length);
        for (int i = 0; i < keys.length; i++) {
            if (i > 0 && Arrays.equals(keys[i - 1].encoded, keys[i].encoded)) {
                throw new Refusal("duplicate map key").under(segment(keys[i].name));
            }
            writeBytes(keys[i].encoded);
            try {
                write(keys[i].value, depth);
            } catch (Refusal refusal) {
                throw refusal.under(segment(keys[i].name));
            }
        }
    }

    private void integer(long n) {
        // For negative n the argument is -1 - n, which is ~n and never overflows.
        if (n >= 0) {
            head(0, n);
        } else {
            head(1, ~n);
        }
    }

    /** Writes a head in its shortest form; {@code argument} is never negative here. */
    private void head(int major, long argument) {
        int type = major << 5;
        if (argument < 24) {
            writeByte(type | (int) argument);
        } else if (argument < 1L << 8) {
            writeByte(type | 24);
            writeByte((int) argument);
        } else if (argument < 1L << 16) {
            writeByte(type | 25);
            writeBigEndian(argument, 2);
        } else if (argument < 1L << 32) {
            writeByte(type | 26);
            writeBigEndian(argument, 4);
        } else {
            writeByte(type | 27);
            writeBigEndian(argument, 8);
        }
    }

    private static byte[] encodedKey(byte[] utf8) {
        CanonicalWriter writer = new CanonicalWriter();
        writer.head(3, utf8.length);
        writer.writeBytes(utf8);
        return Arrays.copyOf(writer.buffer, writer.count);
    }

    /** UTF-8 bytes of {@code s}; an unpaired surrogate has no UTF-8 form, and getBytes would silently write '?'. */
    private static byte[] utf8(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new Refusal("unpaired surrogate at index " + i + " of a text string");
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void checkDepth(int depth) {
        if (depth > Cbor.MAX_DEPTH) {
            throw new Refusal("nesting deeper than " + Cbor.MAX_DEPTH + " arrays and maps");
        }
    }

    private static String segment(String key) {
        return PLAIN_KEY.matcher(key).matches() ? "." + key : "[\"" + key.replace("\"", "\\\"") + "\"]";
    }

    private void writeBigEndian(long value, int size) {
        for (int shift = (size - 1) * 8; shift >= 0; shift -= 8) {
            writeByte((int) (value >>> shift));
        }
    }

    private void writeByte(int b) {
        ensure(1);
        buffer[count++] = (byte) b;
    }

    private void writeBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, count, bytes.length);
        count += bytes.length;
    }

    private void ensure(int more) {
        if (buffer.length - count < more) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, count + more));
        }
    }

    private record Key(String name, byte[] encoded, Object value) {
    }

    /**
     * Unwinds to {@link #encode}, collecting the path on the way out, so that the success path builds no paths.
     */
    private static final class Refusal extends RuntimeException {
        private final Deque<String> path = new ArrayDeque<>();

        Refusal(String problem) {
            super(problem, null, false, false);
        }

        Refusal under(String segment) {
            path.addFirst(segment);
            return this;
        }
    }
}
