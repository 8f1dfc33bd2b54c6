package org.trustmall.ai.recsys;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * A next-item recommender over dense item indices. Life cycle: construct with hyperparameters and a seed,
 * {@link #fit} once, then {@link #score} from any number of threads (implementations must make scoring
 * thread-safe after fit). A fixed seed and the same data give the same scores.
 */
public interface Recommender {
    /** The model family's name as the CLI and the registry know it: pop, markov, itemknn, mf, sasrec, content … */
    String name();

    /** Learns from the training sequences. */
    void fit(TrainingSet data, TrainingListener listener);

    /**
     * Writes a score for every item into {@code out} (length = item count) given a user's history in time order;
     * higher is better. The history may be empty (a new user). Items outside the model's vocabulary are ignored.
     */
    void score(int[] history, float[] out);

    /**
     * Scores several histories at once; {@code out[i]} receives the scores for {@code histories[i]}. Models that
     * gain from batching (the transformer) override it; the evaluator and the server call it.
     */
    default void scoreBatch(int[][] histories, float[][] out) {
        for (int i = 0; i < histories.length; i++) {
            score(histories[i], out[i]);
        }
    }

    /** The hyperparameters it was built with, for the registry and the report. */
    Map<String, Object> parameters();

    /** Writes the trained model so that {@link RecommenderFormats#read} gives back one that scores identically. */
    void write(OutputStream out) throws IOException;
}
