package org.trustmall.ai.text;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the vectors an embedder gave, keyed by the SHA-256 of the text, so that several models and candidates
 * trained in one process encode each text once. Texts not yet known are encoded together in one call to the
 * embedder. Holds at most {@code capacity} vectors; beyond that, new vectors are returned but not kept.
 * Thread-safe; two threads asking for the same new text at once may both encode it (the first vector kept wins).
 * A text's vector is the one from the first list it came in, whatever lists follow.
 */
public final class EmbeddingCache implements TextEmbedder {
    private final TextEmbedder embedder;
    private final int capacity;
    private final Map<Key, float[]> vectors = new ConcurrentHashMap<>();

    /** The SHA-256 of a text's UTF-8 bytes. */
    private record Key(long a, long b, long c, long d) {
        static Key of(String text) {
            try {
                ByteBuffer h = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256")
                        .digest(text.getBytes(StandardCharsets.UTF_8)));
                return new Key(h.getLong(), h.getLong(), h.getLong(), h.getLong());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }

    public EmbeddingCache(TextEmbedder embedder, int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative");
        }
        this.embedder = embedder;
        this.capacity = capacity;
    }

    @Override
    public String name() {
        return embedder.name();
    }

    @Override
    public int dimension() {
        return embedder.dimension();
    }

    /** How many vectors are held. */
    public int size() {
        return vectors.size();
    }

    /** The vectors (copies: callers may change them). */
    @Override
    public float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        Key[] keys = new Key[texts.size()];
        // Each distinct missing text once, in first-seen order, so the embedder sees the same list every time.
        Map<Key, String> missing = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            keys[i] = Key.of(texts.get(i));
            float[] v = vectors.get(keys[i]);
            if (v != null) {
                out[i] = v.clone();
            } else {
                missing.putIfAbsent(keys[i], texts.get(i));
            }
        }
        if (!missing.isEmpty()) {
            List<Key> order = new ArrayList<>(missing.keySet());
            float[][] fresh = embedder.embed(new ArrayList<>(missing.values()));
            Map<Key, float[]> byKey = new HashMap<>();
            for (int j = 0; j < fresh.length; j++) {
                float[] kept = fresh[j];
                if (vectors.size() < capacity) {
                    float[] prior = vectors.putIfAbsent(order.get(j), kept);
                    kept = prior != null ? prior : kept;
                }
                byKey.put(order.get(j), kept);
            }
            for (int i = 0; i < keys.length; i++) {
                if (out[i] == null) {
                    out[i] = byKey.get(keys[i]).clone();
                }
            }
        }
        return out;
    }
}
