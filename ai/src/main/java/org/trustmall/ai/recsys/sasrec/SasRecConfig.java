package org.trustmall.ai.recsys.sasrec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The transformer's hyperparameters.
 *
 * @param hidden       width of item, position and hidden vectors
 * @param blocks       number of self-attention blocks
 * @param heads        attention heads per block (must divide {@code hidden})
 * @param maxLength    longest history the model reads; longer ones keep their last items
 * @param dropout      dropout rate on embeddings, attention weights and block outputs
 * @param learningRate Adam's step size
 * @param batchSize    training sequences per step
 * @param epochs       passes over the training data (the most, when training stops early on a validation set)
 * @param members      networks trained from different seeds whose scores are summed (1: plain SASRec)
 */
public record SasRecConfig(int hidden, int blocks, int heads, int maxLength, float dropout, float learningRate,
                           int batchSize, int epochs, int members) {
    /**
     * One network as chosen on Scientific's validation split: 128 wide, two blocks, dropout 0.6, Adam at 2e-3 for
     * 18 epochs (validation NDCG@10 peaked at epochs 17–19).
     */
    public static final SasRecConfig SINGLE = new SasRecConfig(128, 2, 1, 50, 0.6f, 2e-3f, 128, 18, 1);

    /**
     * Three such networks from different seeds, scores summed: on Scientific's validation split NDCG@10 went from
     * 0.079 (one) to 0.085 (two 0.0845, three 0.0852, four 0.0852).
     */
    public static final SasRecConfig DEFAULT = SINGLE.withMembers(3);

    public SasRecConfig {
        require(hidden > 0 && hidden <= 4096, "hidden must be in 1..4096");
        require(blocks > 0 && blocks <= 16, "blocks must be in 1..16");
        require(heads > 0 && hidden % heads == 0, "heads must divide hidden");
        require(maxLength > 0 && maxLength <= 4096, "maxLength must be in 1..4096");
        require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)");
        require(learningRate > 0 && Float.isFinite(learningRate), "learningRate must be positive");
        require(batchSize > 0, "batchSize must be positive");
        require(epochs >= 0, "epochs must not be negative");
        require(members > 0 && members <= 32, "members must be in 1..32");
    }

    public SasRecConfig withEpochs(int n) {
        return new SasRecConfig(hidden, blocks, heads, maxLength, dropout, learningRate, batchSize, n, members);
    }

    public SasRecConfig withMembers(int n) {
        return new SasRecConfig(hidden, blocks, heads, maxLength, dropout, learningRate, batchSize, epochs, n);
    }

    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hidden", hidden);
        m.put("blocks", blocks);
        m.put("heads", heads);
        m.put("max_length", maxLength);
        m.put("dropout", dropout);
        m.put("learning_rate", learningRate);
        m.put("batch_size", batchSize);
        m.put("epochs", epochs);
        m.put("members", members);
        return m;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
