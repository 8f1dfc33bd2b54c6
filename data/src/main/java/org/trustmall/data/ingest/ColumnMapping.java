package org.trustmall.data.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which source column (CSV/TSV header name, or JSONL field) holds each part of an {@link Interaction}. User and item
 * are required; timestamp, event and rating are optional. A role given explicitly must exist in the source; a
 * default name ({@code user_id}, {@code item_id}, {@code timestamp}, {@code event}, {@code rating}) is used only
 * when the source has it.
 */
public record ColumnMapping(Map<String, String> columns, java.util.Set<String> explicit) {
    public static final List<String> ROLES = List.of("user", "item", "timestamp", "event", "rating");
    private static final Map<String, String> DEFAULTS = Map.of("user", "user_id", "item", "item_id",
            "timestamp", "timestamp", "event", "event", "rating", "rating");

    public ColumnMapping {
        columns = Map.copyOf(columns);
        explicit = java.util.Set.copyOf(explicit);
    }

    /** The default names only. */
    public static ColumnMapping defaults() {
        return new ColumnMapping(DEFAULTS, java.util.Set.of());
    }

    /** {@code user=col,item=col,…}: the given roles override the defaults. */
    public static ColumnMapping parse(String spec) {
        Map<String, String> columns = new LinkedHashMap<>(DEFAULTS);
        java.util.Set<String> explicit = new java.util.HashSet<>();
        for (String part : spec.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            String role = eq < 0 ? part.trim() : part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String column = eq < 0 ? "" : part.substring(eq + 1).trim();
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("unknown role '" + role + "' in --map (roles: "
                        + String.join(", ", ROLES) + ")");
            }
            if (column.isEmpty()) {
                throw new IllegalArgumentException("--map " + role + "= names no column");
            }
            columns.put(role, column);
            explicit.add(role);
        }
        return new ColumnMapping(columns, explicit);
    }

    public String column(String role) {
        return columns.get(role);
    }

    public boolean isExplicit(String role) {
        return explicit.contains(role);
    }

    /** The column name for {@code role} if the source may use it, for messages. */
    String describe(String role) {
        return role + "=" + columns.get(role);
    }
}
