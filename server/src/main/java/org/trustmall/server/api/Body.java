package org.trustmall.server.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A JSON request body read field by field: each accessor returns a value of the asked type or throws an
 * {@link ApiError} naming the field (its JSON path). Unparseable JSON is a 400; a wrong type, a missing required
 * field or a value out of range is a 422. Unknown fields are refused, so a typo is not silently ignored.
 */
public final class Body {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    static {
        STRICT.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxNumberLength(40).maxStringLength(100_000).build());
    }

    private final JsonNode node;
    private final String path;

    private Body(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** Parses a request body that must be a JSON object. */
    public static Body parse(String text) {
        if (text == null || text.isBlank()) {
            throw ApiError.badRequest("body", "a JSON object is required");
        }
        JsonNode n;
        try {
            n = STRICT.readTree(text);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw ApiError.badRequest("body", "not valid JSON: " + msg);
        }
        if (n == null || !n.isObject()) {
            throw ApiError.badRequest("body", "must be a JSON object");
        }
        return new Body(n, "");
    }

    /** Refuses fields other than {@code allowed}. */
    public Body only(String... allowed) {
        Set<String> ok = Set.of(allowed);
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!ok.contains(name)) {
                throw ApiError.invalid(name(name), "unknown field");
            }
        }
        return this;
    }

    public boolean has(String field) {
        return node.hasNonNull(field);
    }

    public String text(String field) {
        JsonNode v = required(field);
        if (!v.isTextual()) {
            throw ApiError.invalid(name(field), "must be a string");
        }
        return v.asText();
    }

    public String text(String field, int min, int max) {
        String s = text(field);
        if (s.length() < min || s.length() > max) {
            throw ApiError.invalid(name(field), "must be " + min + "-" + max + " characters");
        }
        return s;
    }

    public String optionalText(String field, int max) {
        if (!has(field)) {
            return null;
        }
        String s = text(field);
        if (s.length() > max) {
            throw ApiError.invalid(name(field), "must be at most " + max + " characters");
        }
        return s;
    }

    public boolean bool(String field) {
        JsonNode v = required(field);
        if (!v.isBoolean()) {
            throw ApiError.invalid(name(field), "must be true or false");
        }
        return v.asBoolean();
    }

    /** An optional array of strings: empty when absent; at most {@code max} elements of at most maxLength each. */
    public List<String> texts(String field, int max, int maxLength) {
        if (!has(field)) {
            return List.of();
        }
        JsonNode v = node.get(field);
        if (!v.isArray() || v.size() > max) {
            throw ApiError.invalid(name(field), "must be an array of at most " + max + " strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isTextual() || e.asText().isEmpty() || e.asText().length() > maxLength) {
                throw ApiError.invalid(name(field) + "[" + i + "]", "must be a string of 1-" + maxLength
                        + " characters");
            }
            out.add(e.asText());
        }
        return out;
    }

    public long integer(String field, long min, long max) {
        JsonNode v = required(field);
        return integerValue(v, name(field), min, max);
    }

    public Long optionalInteger(String field, long min, long max) {
        return has(field) ? integer(field, min, max) : null;
    }

    public Body object(String field) {
        JsonNode v = required(field);
        if (!v.isObject()) {
            throw ApiError.invalid(name(field), "must be an object");
        }
        return new Body(v, name(field));
    }

    public Body optionalObject(String field) {
        return has(field) ? object(field) : null;
    }

    /** The elements of an array field, each as a Body (they must be objects); between min and max of them. */
    public List<Body> objects(String field, int min, int max) {
        JsonNode v = required(field);
        if (!v.isArray()) {
            throw ApiError.invalid(name(field), "must be an array");
        }
        if (v.size() < min || v.size() > max) {
            throw ApiError.invalid(name(field), "must have " + min + "-" + max + " elements");
        }
        List<Body> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            String p = name(field) + "[" + i + "]";
            if (!e.isObject()) {
                throw ApiError.invalid(p, "must be an object");
            }
            out.add(new Body(e, p));
        }
        return out;
    }

    /** A flat object of string values (e.g. variant attributes). */
    public java.util.Map<String, String> stringMap(String field, int maxEntries) {
        if (!has(field)) {
            return java.util.Map.of();
        }
        JsonNode v = node.get(field);
        if (!v.isObject() || v.size() > maxEntries) {
            throw ApiError.invalid(name(field), "must be an object of at most " + maxEntries + " string values");
        }
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        Iterator<String> names = v.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            JsonNode x = v.get(k);
            if (!x.isTextual() || k.length() > 64 || x.asText().length() > 200) {
                throw ApiError.invalid(name(field) + "." + k, "must be a string of at most 200 characters");
            }
            out.put(k, x.asText());
        }
        return out;
    }

    public String path() {
        return path;
    }

    static long integerValue(JsonNode v, String field, long min, long max) {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw ApiError.invalid(field, "must be an integer between " + min + " and " + max);
        }
        long x = v.asLong();
        if (x < min || x > max) {
            throw ApiError.invalid(field, "must be between " + min + " and " + max);
        }
        return x;
    }

    private JsonNode required(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw ApiError.invalid(name(field), "is required");
        }
        return v;
    }

    private String name(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
