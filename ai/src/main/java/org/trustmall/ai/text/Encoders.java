package org.trustmall.ai.text;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.trustmall.ai.AiException;

/**
 * The process's text encoders by name, each opened on first use (loading a model takes a second or two) and kept,
 * behind an {@link EmbeddingCache}, for the life of the process. Models read from artifacts find their encoder
 * here by the name the artifact recorded.
 */
public final class Encoders {
    /** Vectors kept per encoder: a catalogue of a few hundred thousand items at 384 floats is about 150 MB. */
    private static final int CACHE_CAPACITY = 100_000;

    private static final Map<String, Supplier<EncoderModel>> KNOWN = Map.of(
            EncoderModel.ALL_MINILM_L6_V2_Q, EncoderModel::allMiniLmL6V2,
            EncoderModel.BGE_SMALL_ZH_V15_Q, EncoderModel::bgeSmallZhV15);

    private static final Map<String, EmbeddingCache> OPEN = new ConcurrentHashMap<>();

    private Encoders() {
    }

    /** The shared, cached encoder called {@code name}. */
    public static TextEmbedder shared(String name) {
        Supplier<EncoderModel> model = KNOWN.get(name);
        if (model == null) {
            throw new AiException("unknown text encoder '" + name + "' (known: " + KNOWN.keySet() + ")");
        }
        return OPEN.computeIfAbsent(name, n -> new EmbeddingCache(TextEncoder.open(model.get()), CACHE_CAPACITY));
    }

    /** The shared all-MiniLM-L6-v2 encoder. */
    public static TextEmbedder miniLm() {
        return shared(EncoderModel.ALL_MINILM_L6_V2_Q);
    }

    /** The shared bge-small-zh-v1.5 encoder (Chinese). */
    public static TextEmbedder bgeSmallZh() {
        return shared(EncoderModel.BGE_SMALL_ZH_V15_Q);
    }
}
