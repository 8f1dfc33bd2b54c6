package org.trustmall.ledger.block;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The recorded outcome of one committed transaction: the value the contract returned (canonical CBOR), or the
 * reason it failed (its writes were rolled back).
 */
public sealed interface TxResult permits TxResult.Succeeded, TxResult.Failed {
    int MAX_REASON_BYTES = 1024;

    static TxResult succeeded(byte[] value) {
        return new Succeeded(value);
    }

    static TxResult failed(String reason) {
        return new Failed(reason);
    }

    default boolean ok() {
        return this instanceof Succeeded;
    }

    /** status (1: 0 succeeded, 1 failed) | length (4) | value or UTF-8 reason. */
    default int encodedLength() {
        return 5 + payload().length;
    }

    default void writeTo(ByteBuffer b) {
        byte[] p = payload();
        b.put((byte) (ok() ? 0 : 1)).putInt(p.length).put(p);
    }

    byte[] payload();

    static TxResult readFrom(ByteBuffer b) {
        int status = b.get() & 0xff;
        int length = b.getInt();
        if (length < 0 || length > b.remaining()) {
            throw new MalformedBlockException("result length " + length + " exceeds the block");
        }
        byte[] p = new byte[length];
        b.get(p);
        return switch (status) {
            case 0 -> new Succeeded(p);
            case 1 -> new Failed(new String(p, StandardCharsets.UTF_8));
            default -> throw new MalformedBlockException("unknown result status " + status);
        };
    }

    record Succeeded(byte[] value) implements TxResult {
        public Succeeded {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public byte[] payload() {
            return value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Succeeded s && Arrays.equals(value, s.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Succeeded[" + value.length + " bytes]";
        }
    }

    record Failed(String reason) implements TxResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            reason = truncate(reason);
        }

        @Override
        public byte[] payload() {
            return reason.getBytes(StandardCharsets.UTF_8);
        }

        /** Keeps at most MAX_REASON_BYTES of UTF-8, cut between characters. */
        private static String truncate(String reason) {
            int bytes = 0;
            int i = 0;
            while (i < reason.length()) {
                int cp = reason.codePointAt(i);
                int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                if (bytes + n > MAX_REASON_BYTES) {
                    return reason.substring(0, i);
                }
                bytes += n;
                i += Character.charCount(cp);
            }
            return reason;
        }
    }
}
