package org.trustmall.ai.text;

import java.util.List;

/**
 * Turns texts into unit-length vectors whose dot product is their cosine similarity. Implementations are
 * thread-safe and deterministic: the same list of texts always gives the same vectors (a batched quantised model
 * may move a text's last digits with its batch-mates; see {@link TextEncoder}).
 */
public interface TextEmbedder {
    /** The encoder's name, as artifacts record it (see {@link Encoders#shared}). */
    String name();

    /** The length of every vector. */
    int dimension();

    /** One L2-normalised vector per text, in order. Texts must not be null. */
    float[][] embed(List<String> texts);

    default float[] embed(String text) {
        return embed(List.of(text))[0];
    }
}
