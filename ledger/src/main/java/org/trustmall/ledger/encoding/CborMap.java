package org.trustmall.ledger.encoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A decoded map with text keys, read by field the way contract code reads its arguments and state: each accessor
 * either returns a value of the asked type or throws {@link FieldException} naming the field. Optional accessors
 * treat a missing field and an explicit null alike, but still refuse a value of another type.
 *
 * <p>Immutable and thread-safe: it holds only decoded values (Long, never Integer) and hands out copies of byte
 * arrays. Two maps are equal exactly when their canonical encodings are, which is what makes this a value type.
 */
public final class CborMap {
    /** The decoded fields; decoded lazily for maps built to be encoded (contracts build many, read few). */
    private volatile Map<String, Object> fields;
    private final String path;
    /** The canonical encoding, kept when known: contracts encode every map they build, often more than once. */
    private volatile byte[] encoded;

    private CborMap(Map<String, Object> fields, String path) {
        this.fields = fields;
        this.path = path;
    }

    private CborMap(Map<String, Object> fields, String path, byte[] encoded) {
        this(fields, path);
        this.encoded = encoded;
    }

    private Map<String, Object> decoded() {
        Map<String, Object> f = fields;
        if (f == null) {
            f = asFields(Cbor.decode(encoded));
            fields = f;
        }
        return f;
    }

    /**
     * Decodes a canonical encoding whose top-level item is a map.
     *
     * @throws MalformedEncodingException when {@code data} is not canonical or its top-level item is not a map
     */
    public static CborMap parse(byte[] data) {
        Object value = Cbor.decode(data);
        if (!(value instanceof Map<?, ?>)) {
            throw new MalformedEncodingException("expected a map as the top-level item, got " + typeOf(value), 0);
        }
        return new CborMap(asFields(value), "", data.clone());
    }

    /**
     * A map holding the values of {@code map}, normalised as decoding would (Integer becomes Long, keys in canonical
     * order, byte arrays copied).
     *
     * @throws IllegalArgumentException when {@link Cbor#encode} would refuse {@code map}
     */
    public static CborMap of(Map<String, ?> map) {
        Objects.requireNonNull(map, "map");
        return parse(Cbor.encode(map));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether the field is present, even if its value is null. */
    public boolean has(String field) {
        return decoded().containsKey(field);
    }

    /** The field names in canonical order; unmodifiable. */
    public Set<String> fields() {
        return decoded().keySet();
    }

    public String text(String field) {
        return required(field, String.class, "text");
    }

    public Optional<String> optionalText(String field) {
        return Optional.ofNullable(optional(field, String.class, "text"));
    }

    /** A copy of the field's bytes. */
    public byte[] bytes(String field) {
        return required(field, byte[].class, "bytes").clone();
    }

    public Optional<byte[]> optionalBytes(String field) {
        return Optional.ofNullable(optional(field, byte[].class, "bytes")).map(byte[]::clone);
    }

    public long integer(String field) {
        return required(field, Long.class, "integer");
    }

    public OptionalLong optionalInteger(String field) {
        Long value = optional(field, Long.class, "integer");
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    public boolean bool(String field) {
        return required(field, Boolean.class, "bool");
    }

    /**
     * The field's list, unmodifiable, as {@link Cbor#decode} would return it, with its byte arrays copied so that
     * this map stays immutable.
     */
    public List<Object> list(String field) {
        List<?> list = required(field, List.class, "list");
        return copyList(list);
    }

    /**
     * The field's list of maps, each a {@code CborMap} whose errors name it by path (e.g. {@code votes[2].amount});
     * a {@link FieldException} naming the element if one is not a map.
     */
    public List<CborMap> maps(String field) {
        List<?> list = required(field, List.class, "list");
        List<CborMap> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            String path = name(field) + "[" + i + "]";
            switch (item) {
                case CborMap m -> out.add(m);
                case Map<?, ?> m -> out.add(new CborMap(asFields(m), path));
                case null, default -> throw new FieldException(path, "field '" + path + "': expected map, got "
                        + typeOf(item));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The field's map; a {@link FieldException} from it names the field by its dotted path, e.g. {@code order.id}. */
    public CborMap map(String field) {
        Object value = required(field, Map.class, "map");
        return new CborMap(asFields(value), name(field));
    }

    /** The canonical encoding of this map. */
    public byte[] encode() {
        return canonical().clone();
    }

    private byte[] canonical() {
        byte[] e = encoded;
        if (e == null) {
            e = Cbor.encode(decoded());
            encoded = e;
        }
        return e;
    }

    @Override
    public boolean equals(Object other) {
        // Canonical encodings are equal exactly when the values are, byte[] contents included.
        return other instanceof CborMap map && Arrays.equals(canonical(), map.canonical());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(canonical());
    }

    /**
     * Field names and value types only, e.g. {@code CborMap{amount=integer, hash=bytes[32]}}: arguments may carry
     * personal data, and a map that ends up in a log must not leak it.
     */
    @Override
    public String toString() {
        StringJoiner joiner = new StringJoiner(", ", "CborMap{", "}");
        decoded().forEach((key, value) -> joiner.add(key + "=" + typeOf(value)
                + (value instanceof byte[] b ? "[" + b.length + "]" : "")));
        return joiner.toString();
    }

    /** The decoded fields, for the encoder; callers must not mutate byte arrays inside. */
    Map<String, Object> asMap() {
        return decoded();
    }

    private <T> T required(String field, Class<T> type, String expected) {
        Objects.requireNonNull(field, "field");
        if (!decoded().containsKey(field)) {
            throw new FieldException(name(field), "field '" + name(field) + "': expected " + expected
                    + ", but it is missing");
        }
        Object value = decoded().get(field);
        if (!type.isInstance(value)) {
            throw wrongType(field, expected, value);
        }
        return type.cast(value);
    }

    private <T> T optional(String field, Class<T> type, String expected) {
        Objects.requireNonNull(field, "field");
        Object value = decoded().get(field);
        if (value != null && !type.isInstance(value)) {
            throw wrongType(field, expected, value);
        }
        return type.cast(value);
    }

    private FieldException wrongType(String field, String expected, Object value) {
        return new FieldException(name(field), "field '" + name(field) + "': expected " + expected + ", got "
                + typeOf(value));
    }

    private String name(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asFields(Object decodedMap) {
        // Decoded maps are unmodifiable and have only text keys; nothing else reaches here.
        return (Map<String, Object>) decodedMap;
    }

    private static List<Object> copyList(List<?> list) {
        List<Object> copy = new ArrayList<>(list.size());
        for (Object item : list) {
            copy.add(copy(item));
        }
        return Collections.unmodifiableList(copy);
    }

    private static Object copy(Object value) {
        return switch (value) {
            case byte[] b -> b.clone();
            case List<?> list -> copyList(list);
            case Map<?, ?> map -> {
                Map<String, Object> copy = LinkedHashMap.newLinkedHashMap(map.size());
                map.forEach((key, item) -> copy.put((String) key, copy(item)));
                yield Collections.unmodifiableMap(copy);
            }
            case null, default -> value;
        };
    }

    /** The type names that messages use; they match the accessor names. */
    static String typeOf(Object value) {
        return switch (value) {
            case null -> "null";
            case Long ignored -> "integer";
            case String ignored -> "text";
            case byte[] ignored -> "bytes";
            case Boolean ignored -> "bool";
            case List<?> ignored -> "list";
            case Map<?, ?> ignored -> "map";
            default -> value.getClass().getSimpleName();
        };
    }

    /**
     * Collects fields for a {@link CborMap}; {@link #build} checks the values. Not thread-safe.
     */
    public static final class Builder {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds a field; the value may be anything {@link Cbor#encode} accepts, including another {@link CborMap}.
         *
         * @throws IllegalArgumentException when the field was already put: a second put is almost surely a mistake
         */
        public Builder put(String field, Object value) {
            Objects.requireNonNull(field, "field");
            if (fields.containsKey(field)) {
                throw new IllegalArgumentException("field '" + field + "' was already put");
            }
            fields.put(field, value);
            return this;
        }

        /** @throws IllegalArgumentException when a value cannot be encoded; the message names its path */
        public CborMap build() {
            // Encoding checks every value; decoding waits until a field is read, which built maps rarely are.
            return new CborMap(null, "", Cbor.encode(fields));
        }
    }
}
