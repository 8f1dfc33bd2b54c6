package org.trustmall.server.api;

import org.trustmall.commerce.CommerceException;

/** The session token of an {@code Authorization: Bearer <token>} header. */
public final class BearerToken {
    private BearerToken() {
    }

    /** The token; {@code Unauthenticated} when the header is absent or not a bearer token. */
    public static String of(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")
                || authorizationHeader.length() <= 7) {
            throw new CommerceException.Unauthenticated("an 'Authorization: Bearer <token>' header is required");
        }
        return authorizationHeader.substring(7).trim();
    }
}
