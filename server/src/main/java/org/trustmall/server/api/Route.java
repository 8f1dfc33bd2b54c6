package org.trustmall.server.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Set;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.Role;

/**
 * One endpoint: how it is reached, who may call it, what it takes and returns — the single source for both the
 * router and the OpenAPI document.
 *
 * @param roles  roles that may call it; empty means public (no token needed)
 * @param params path and query parameters, for the document
 */
public record Route(HandlerType method, String path, String summary, String tag, Set<Role> roles, Schema request,
                    int status, Schema response, List<Param> params, Action action) {

    /** The handler: the authenticated actor (null on public routes) and the request context. */
    @FunctionalInterface
    public interface Action {
        Object handle(Actor actor, Context ctx) throws Exception;
    }

    /** A path, query or header parameter. */
    public record Param(String name, String in, boolean required, Schema schema, String description) {
    }

    public boolean isPublic() {
        return roles.isEmpty();
    }
}
