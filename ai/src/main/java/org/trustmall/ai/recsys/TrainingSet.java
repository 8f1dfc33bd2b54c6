package org.trustmall.ai.recsys;

import java.util.List;
import java.util.Objects;

/**
 * What a recommender learns from: each user's item sequence in time order (dense item indices), and optionally
 * the items' text. Immutable by contract: recommenders must not change the arrays.
 *
 * @param itemCount the number of items; every index is in {@code 0..itemCount-1}
 * @param sequences one sequence per user (possibly empty)
 * @param itemTexts item text by index, or null when the data has none
 */
public record TrainingSet(int itemCount, List<int[]> sequences, List<String> itemTexts) {
    public TrainingSet {
        Objects.requireNonNull(sequences, "sequences");
        if (itemCount <= 0) {
            throw new IllegalArgumentException("itemCount must be positive");
        }
    }

    public long interactionCount() {
        long n = 0;
        for (int[] s : sequences) {
            n += s.length;
        }
        return n;
    }
}
