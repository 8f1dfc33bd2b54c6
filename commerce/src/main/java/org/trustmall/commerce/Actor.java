package org.trustmall.commerce;

import java.util.Objects;

/**
 * Who is acting: always taken from an authenticated session, never from a request body or from text a model
 * produced. Every service method that reads or changes something a person owns takes one and checks it.
 */
public record Actor(long accountId, Role role, String sessionId) {
    public Actor {
        Objects.requireNonNull(role, "role");
    }

    public boolean is(Role r) {
        return role == r;
    }
}
