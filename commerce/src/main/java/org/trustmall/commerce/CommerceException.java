package org.trustmall.commerce;

/**
 * Root of the commerce module's exceptions. Each subclass says what a caller (the HTTP layer, the CLI) needs to
 * answer a person: which field was wrong, what was not found, what was not allowed, what conflicted.
 */
public class CommerceException extends RuntimeException {
    public CommerceException(String message) {
        super(message);
    }

    public CommerceException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Input that is malformed or out of range; names the field (dotted path, e.g. {@code variants[0].price}). */
    public static final class InvalidInput extends CommerceException {
        private final String field;

        public InvalidInput(String field, String problem) {
            super(field + ": " + problem);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** No such thing, or the actor may not know it exists (another buyer's order is "not found", not "forbidden"). */
    public static final class NotFound extends CommerceException {
        private final String kind;
        private final String id;

        public NotFound(String kind, String id) {
            super(kind + " " + id + " not found");
            this.kind = kind;
            this.id = id;
        }

        public String kind() {
            return kind;
        }

        public String id() {
            return id;
        }
    }

    /** The actor is known but may not do this. */
    public static final class Forbidden extends CommerceException {
        public Forbidden(String reason) {
            super(reason);
        }
    }

    /** Credentials missing, wrong, expired or revoked. */
    public static final class Unauthenticated extends CommerceException {
        public Unauthenticated(String reason) {
            super(reason);
        }
    }

    /** Too many attempts; retry after {@code retryAfterSeconds}. */
    public static final class Throttled extends CommerceException {
        private final long retryAfterSeconds;

        public Throttled(String reason, long retryAfterSeconds) {
            super(reason);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /**
     * The request is valid but conflicts with the current state: an illegal order transition, stock sold out, an
     * email already registered, an idempotency key reused with a different request.
     */
    public static final class Conflict extends CommerceException {
        private final String field;

        public Conflict(String field, String reason) {
            super(reason);
            this.field = field;
        }

        /** The field the conflict concerns, or null. */
        public String field() {
            return field;
        }
    }

    /** A payment the provider declined (with its reason code). */
    public static final class PaymentDeclined extends CommerceException {
        private final String code;

        public PaymentDeclined(String code, String reason) {
            super(reason);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
