package org.trustmall.ledger;

import java.util.Objects;

/**
 * The outcome of checking something that may legitimately be wrong (a proof, a signature, a file): either it
 * passed, or it failed for a reason a person can read.
 */
public sealed interface Check permits Check.Passed, Check.Failed {

    Passed PASSED = new Passed();

    static Check passed() {
        return PASSED;
    }

    static Check failed(String reason) {
        return new Failed(reason);
    }

    default boolean ok() {
        return this instanceof Passed;
    }

    /** The reason for a failure, or {@code "ok"}. */
    default String reason() {
        return this instanceof Failed f ? f.why() : "ok";
    }

    record Passed() implements Check {
    }

    record Failed(String why) implements Check {
        public Failed {
            Objects.requireNonNull(why, "why");
        }
    }
}
