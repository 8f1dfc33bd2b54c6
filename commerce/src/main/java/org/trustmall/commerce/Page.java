package org.trustmall.commerce;

import java.util.List;

/** One page of results: {@code page} counts from 0; {@code total} is the number of matching items overall. */
public record Page<T>(List<T> items, int page, int size, long total) {
    public Page {
        items = List.copyOf(items);
    }

    public static void check(int page, int size) {
        if (page < 0) {
            throw new CommerceException.InvalidInput("page", "must be 0 or more");
        }
        if (size < 1 || size > 100) {
            throw new CommerceException.InvalidInput("size", "must be between 1 and 100");
        }
    }
}
