package org.trustmall.privacy.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class KeyCacheTest {
    @Test
    void theLeastRecentlyUsedKeysLeaveFirstOnceTheBoundIsReached() {
        KeyCache cache = new KeyCache(2);
        cache.put("a", PersonKeys.generate());
        cache.put("b", PersonKeys.generate());
        cache.get("a");

        cache.put("c", PersonKeys.generate());

        assertEquals(2, cache.size());
        assertNotNull(cache.get("a"));
        assertNull(cache.get("b"));
        assertNotNull(cache.get("c"));
    }
}
