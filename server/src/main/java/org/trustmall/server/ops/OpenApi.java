package org.trustmall.server.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import org.trustmall.server.api.Route;

/**
 * The OpenAPI 3.1 document, generated from the route table the server registers, so every endpoint appears with
 * its parameters, request schema, response schema and the problem+json errors it can answer.
 */
public final class OpenApi {
    private OpenApi() {
    }

    public static JsonNode document(List<Route> routes, List<Route> operational, String version) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode doc = m.createObjectNode();
        doc.put("openapi", "3.1.0");
        doc.putObject("info").put("title", "TrustMall API").put("version", version)
                .put("description", "Commerce on a verifiable ledger. Errors are application/problem+json (RFC 9457) "
                        + "naming the offending field. Authenticate with 'Authorization: Bearer <token>' from "
                        + "POST /api/v1/auth/login.");
        ObjectNode components = doc.putObject("components");
        components.putObject("securitySchemes").putObject("bearer").put("type", "http").put("scheme", "bearer");
        ObjectNode problem = components.putObject("schemas").putObject("Problem");
        problem.put("type", "object");
        ObjectNode pp = problem.putObject("properties");
        pp.putObject("type").put("type", "string");
        pp.putObject("title").put("type", "string");
        pp.putObject("status").put("type", "integer");
        pp.putObject("detail").put("type", "string");
        pp.putObject("instance").put("type", "string");
        pp.putObject("field").put("type", "string").put("description", "the offending field, when there is one");
        problem.putArray("required").add("type").add("title").add("status").add("detail");
        ObjectNode paths = doc.putObject("paths");
        for (List<Route> group : List.of(routes, operational)) {
            for (Route r : group) {
                ObjectNode path = paths.has(r.path()) ? (ObjectNode) paths.get(r.path()) : paths.putObject(r.path());
                ObjectNode op = path.putObject(r.method().name().toLowerCase(Locale.ROOT));
                op.put("summary", r.summary());
                op.put("operationId", (r.method().name() + r.path()).replaceAll("[^A-Za-z0-9]+", "_"));
                op.putArray("tags").add(r.tag());
                if (!r.isPublic()) {
                    op.putArray("security").addObject().putArray("bearer");
                    ArrayNode roles = op.putArray("x-roles");
                    r.roles().stream().map(x -> x.wire()).sorted().forEach(roles::add);
                }
                if (!r.params().isEmpty()) {
                    ArrayNode params = op.putArray("parameters");
                    for (Route.Param p : r.params()) {
                        ObjectNode po = params.addObject().put("name", p.name()).put("in", p.in())
                                .put("required", p.required()).put("description", p.description());
                        po.set("schema", p.schema().json());
                    }
                }
                if (r.request() != null) {
                    ObjectNode body = op.putObject("requestBody");
                    body.put("required", true);
                    body.putObject("content").putObject("application/json").set("schema", r.request().json());
                }
                ObjectNode responses = op.putObject("responses");
                ObjectNode ok = responses.putObject(Integer.toString(r.status()));
                ok.put("description", "success");
                if (r.response() != null) {
                    ok.putObject("content").putObject(r.path().equals("/metrics") ? "text/plain" : "application/json")
                            .set("schema", r.response().json());
                }
                for (String code : errorCodes(r)) {
                    ObjectNode e = responses.putObject(code);
                    e.put("description", describe(code));
                    e.putObject("content").putObject("application/problem+json").putObject("schema")
                            .put("$ref", "#/components/schemas/Problem");
                }
            }
        }
        return doc;
    }

    private static List<String> errorCodes(Route r) {
        List<String> codes = new java.util.ArrayList<>(List.of("400", "404", "422"));
        if (!r.isPublic()) {
            codes.addAll(List.of("401", "403"));
        }
        if (!r.method().name().equals("GET")) {
            codes.addAll(List.of("409", "413", "429"));
        }
        if (r.path().endsWith("/pay")) {
            codes.add("402");
        }
        codes.add("500");
        return codes;
    }

    private static String describe(String code) {
        return switch (code) {
            case "400" -> "malformed request (not JSON, wrong header)";
            case "401" -> "missing, invalid, expired or revoked token";
            case "402" -> "the card was declined";
            case "403" -> "the signed-in account may not do this";
            case "404" -> "no such resource (or not visible to this account)";
            case "409" -> "conflicts with the current state (illegal transition, sold out, duplicate)";
            case "413" -> "request body too large";
            case "422" -> "a field is missing, of the wrong type or out of range";
            case "429" -> "too many attempts; see Retry-After";
            default -> "unexpected server error; nothing was changed";
        };
    }
}
