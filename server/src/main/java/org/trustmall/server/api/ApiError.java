package org.trustmall.server.api;

/**
 * An error the HTTP layer itself finds (bad JSON, a wrong type, a missing header), answered as problem+json with
 * the field named. Domain errors come from the commerce module as {@code CommerceException}s.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String field;

    public ApiError(int status, String field, String detail) {
        super(detail);
        this.status = status;
        this.field = field;
    }

    public static ApiError badRequest(String field, String detail) {
        return new ApiError(400, field, detail);
    }

    public static ApiError invalid(String field, String detail) {
        return new ApiError(422, field, detail);
    }

    public int status() {
        return status;
    }

    /** The offending field (a JSON path, header or parameter name), or null. */
    public String field() {
        return field;
    }
}
