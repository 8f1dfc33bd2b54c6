package org.trustmall.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.trustmall.commerce.CommerceException;

/**
 * Errors as RFC 9457 {@code application/problem+json}: {@code type}, {@code title}, {@code status}, {@code detail},
 * {@code instance}, and {@code field} when one field is to blame. Bad input is never a 5xx; an unexpected failure
 * is a 500 that says nothing about the internals (they are logged, without request data).
 */
public final class Problems {
    public static final String CONTENT_TYPE = "application/problem+json";
    private static final System.Logger LOG = System.getLogger(Problems.class.getName());

    private Problems() {
    }

    public static void write(Context ctx, int status, String title, String detail, String field) {
        ObjectNode o = Schema.JSON.createObjectNode();
        o.put("type", "https://trustmall.org/problems/" + slug(title));
        o.put("title", title);
        o.put("status", status);
        o.put("detail", detail);
        o.put("instance", ctx.path());
        if (field != null) {
            o.put("field", field);
        }
        ctx.status(status).contentType(CONTENT_TYPE).result(o.toString());
    }

    /** Maps any exception from a handler to its problem. */
    public static void handle(Exception e, Context ctx) {
        switch (e) {
            case ApiError a -> write(ctx, a.status(), a.status() == 400 ? "Bad request" : "Invalid input",
                    a.getMessage(), a.field());
            case CommerceException.InvalidInput i -> write(ctx, 422, "Invalid input", i.getMessage(), i.field());
            case CommerceException.NotFound n -> write(ctx, 404, "Not found", n.getMessage(), null);
            case CommerceException.Forbidden f -> write(ctx, 403, "Forbidden", f.getMessage(), null);
            case CommerceException.Unauthenticated u -> {
                ctx.header("WWW-Authenticate", "Bearer");
                write(ctx, 401, "Unauthenticated", u.getMessage(), null);
            }
            case CommerceException.Throttled t -> {
                ctx.header("Retry-After", Long.toString(t.retryAfterSeconds()));
                write(ctx, 429, "Too many requests", t.getMessage(), null);
            }
            case CommerceException.Conflict c -> write(ctx, 409, "Conflict", c.getMessage(), c.field());
            case CommerceException.PaymentDeclined p -> write(ctx, 402, "Payment declined",
                    p.getMessage() + " (" + p.code() + ")", "cardNumber");
            default -> {
                Object route = ctx.attribute("trustmall.route");
                LOG.log(System.Logger.Level.ERROR, "unexpected failure handling " + ctx.method() + " "
                        + (route == null ? "(unmatched)" : route), e);
                write(ctx, 500, "Internal error", "the request could not be completed; it changed nothing", null);
            }
        }
    }

    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }
}
