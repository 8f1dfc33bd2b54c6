package org.trustmall.privacy.vault;

import java.util.LinkedHashMap;
import java.util.Map;

/** Unwrapped person keys by file id, least recently used evicted beyond a bound. Thread-safe. */
final class KeyCache {
    private final LinkedHashMap<String, PersonKeys> entries;

    KeyCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a key cache holds at least one entry");
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PersonKeys> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized PersonKeys get(String fileId) {
        return entries.get(fileId);
    }

    synchronized void put(String fileId, PersonKeys keys) {
        entries.put(fileId, keys);
    }

    synchronized void remove(String fileId) {
        entries.remove(fileId);
    }

    synchronized void clear() {
        entries.clear();
    }

    synchronized int size() {
        return entries.size();
    }
}
