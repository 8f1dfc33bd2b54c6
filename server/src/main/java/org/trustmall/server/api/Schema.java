package org.trustmall.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A small builder for the JSON Schemas in the OpenAPI document. Every route declares its request and response
 * schemas with it, so the document is generated from the same table that registers the routes and cannot miss one.
 */
public final class Schema {
    static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode node;

    private Schema(ObjectNode node) {
        this.node = node;
    }

    public static Schema string() {
        return type("string");
    }

    public static Schema string(int minLength, int maxLength) {
        Schema s = type("string");
        s.node.put("minLength", minLength).put("maxLength", maxLength);
        return s;
    }

    public static Schema integer() {
        return type("integer").with("format", "int64");
    }

    public static Schema integer(long min, long max) {
        Schema s = type("integer").with("format", "int64");
        s.node.put("minimum", min).put("maximum", max);
        return s;
    }

    public static Schema number() {
        return type("number");
    }

    public static Schema bool() {
        return type("boolean");
    }

    public static Schema enumOf(String... values) {
        Schema s = type("string");
        ArrayNode a = s.node.putArray("enum");
        for (String v : values) {
            a.add(v);
        }
        return s;
    }

    public static Schema array(Schema items) {
        Schema s = type("array");
        s.node.set("items", items.node);
        return s;
    }

    public static Schema object() {
        Schema s = type("object");
        s.node.putObject("properties");
        s.node.put("additionalProperties", false);
        return s;
    }

    /** A map with string keys and values of one schema. */
    public static Schema mapOf(Schema values) {
        Schema s = type("object");
        s.node.set("additionalProperties", values.node);
        return s;
    }

    /** Any JSON value (the type varies with the data, e.g. a decoded ledger argument). */
    public static Schema any() {
        return new Schema(JSON.createObjectNode());
    }

    public static Schema ref(String name) {
        ObjectNode n = JSON.createObjectNode();
        n.put("$ref", "#/components/schemas/" + name);
        return new Schema(n);
    }

    /** A required property. */
    public Schema req(String name, Schema schema) {
        ((ObjectNode) node.get("properties")).set(name, schema.node);
        ArrayNode required = node.has("required") ? (ArrayNode) node.get("required") : node.putArray("required");
        required.add(name);
        return this;
    }

    /** An optional property. */
    public Schema opt(String name, Schema schema) {
        ((ObjectNode) node.get("properties")).set(name, schema.node);
        return this;
    }

    public Schema with(String key, String value) {
        node.put(key, value);
        return this;
    }

    public Schema describe(String text) {
        node.put("description", text);
        return this;
    }

    public Schema nullable() {
        node.put("nullable", true);
        return this;
    }

    public JsonNode json() {
        return node.deepCopy();
    }

    private static Schema type(String t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", t);
        return new Schema(n);
    }
}
