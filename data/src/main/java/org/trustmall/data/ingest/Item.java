package org.trustmall.data.ingest;

import java.util.Map;
import java.util.Objects;

/** A catalogue entry: its id as the interactions name it, an optional title and text, and any other attributes. */
public record Item(String id, String title, String text, Map<String, String> attributes) {
    public Item {
        Objects.requireNonNull(id, "id");
        attributes = Map.copyOf(attributes);
    }
}
