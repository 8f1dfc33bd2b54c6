package org.trustmall.contracts.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.encoding.CborMap;

/**
 * Checks on contract arguments shared by the platform's contracts. Every failure is a {@link ContractFailure} whose
 * reason starts with the field's name, e.g. {@code field 'order': ...}; type errors come from {@link CborMap} and
 * name the field the same way. Internal to the contracts module: not an API.
 */
public final class Args {
    /** Most characters of an opaque identifier (order id, merchant id). */
    public static final int MAX_ID_CHARS = 100;
    /**
     * Most UTF-8 bytes of an identifier: ids become part of state keys, which may have at most 256 bytes, and 100
     * characters outside ASCII could take up to 400.
     */
    public static final int MAX_ID_BYTES = 200;

    private Args() {
    }

    /**
     * Fails when {@code args} holds a field outside {@code allowed}: a misspelt optional field (say {@code amout}
     * on a refund) must not silently mean "absent".
     */
    public static void allowOnly(CborMap args, String method, List<String> allowed) {
        for (String field : args.fields()) { // canonical order, so the reason is deterministic
            if (!allowed.contains(field)) {
                throw new ContractFailure("field '" + field + "': not an argument of " + method
                        + " (expected " + String.join(", ", allowed) + ")");
            }
        }
    }

    /** An opaque identifier: 1-100 characters, at most 200 UTF-8 bytes, no control characters. */
    public static String id(CborMap args, String field) {
        String value = args.text(field);
        int chars = value.codePointCount(0, value.length());
        if (chars < 1 || chars > MAX_ID_CHARS || utf8Length(value) > MAX_ID_BYTES || hasControl(value)) {
            throw new ContractFailure("field '" + field + "': 1-" + MAX_ID_CHARS + " characters (at most "
                    + MAX_ID_BYTES + " UTF-8 bytes), no control characters");
        }
        return value;
    }

    /** Text of {@code min}-{@code max} characters, no control characters. */
    public static String text(CborMap args, String field, int min, int max) {
        String value = args.text(field);
        checkText(field, value, min, max);
        return value;
    }

    /** Optional text of at most {@code max} characters, no control characters. */
    public static Optional<String> optionalText(CborMap args, String field, int max) {
        Optional<String> value = args.optionalText(field);
        value.ifPresent(v -> checkText(field, v, 0, max));
        return value;
    }

    private static void checkText(String field, String value, int min, int max) {
        int chars = value.codePointCount(0, value.length());
        if (chars < min || chars > max || hasControl(value)) {
            throw new ContractFailure("field '" + field + "': " + min + "-" + max
                    + " characters, no control characters");
        }
    }

    private static boolean hasControl(String value) {
        return value.codePoints().anyMatch(Character::isISOControl);
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
