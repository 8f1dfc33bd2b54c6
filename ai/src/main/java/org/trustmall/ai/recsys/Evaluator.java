package org.trustmall.ai.recsys;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Full-ranking evaluation: every case's target is ranked against the whole catalogue (no sampled negatives), with
 * the items already in the case's history removed from the ranking. Ties are broken against the target (an item
 * scoring the same as the target ranks above it), so a model that scores everything alike gets no credit.
 * Deterministic for a deterministic model.
 */
public final class Evaluator {
    public static final int K = 10;
    private static final int BATCH = 256;

    private Evaluator() {
    }

    public static Metrics evaluate(Recommender model, int itemCount, List<SplitData.Case> cases) {
        if (cases.isEmpty()) {
            return new Metrics(0, 0, 0, 0, 0);
        }
        double hits = 0;
        double ndcg = 0;
        double rr = 0;
        BitSet shown = new BitSet(itemCount);
        float[][] scores = new float[Math.min(BATCH, cases.size())][itemCount];
        int[] top = new int[K];
        for (int from = 0; from < cases.size(); from += BATCH) {
            int n = Math.min(BATCH, cases.size() - from);
            int[][] histories = new int[n][];
            float[][] out = n == scores.length ? scores : Arrays.copyOf(scores, n);
            for (int i = 0; i < n; i++) {
                histories[i] = cases.get(from + i).history();
                Arrays.fill(out[i], 0f);
            }
            model.scoreBatch(histories, out);
            for (int i = 0; i < n; i++) {
                SplitData.Case c = cases.get(from + i);
                float[] s = out[i];
                for (int h : c.history()) {
                    if (h >= 0 && h < itemCount) {
                        s[h] = Float.NEGATIVE_INFINITY;
                    }
                }
                int rank = rankOf(s, c.target());
                if (rank <= K) {
                    hits++;
                    ndcg += 1.0 / (Math.log(rank + 1) / Math.log(2));
                }
                rr += 1.0 / rank;
                int k = TopK.select(s, K, top);
                for (int j = 0; j < k; j++) {
                    shown.set(top[j]);
                }
            }
        }
        int m = cases.size();
        return new Metrics(m, hits / m, ndcg / m, rr / m, shown.cardinality() / (double) itemCount);
    }

    /** The 1-based rank of {@code target}: one plus the number of other items scoring at least as high. */
    static int rankOf(float[] scores, int target) {
        float t = scores[target];
        if (Float.isNaN(t) || t == Float.NEGATIVE_INFINITY) {
            return scores.length; // excluded or unscorable: last
        }
        int above = 0;
        for (int i = 0; i < scores.length; i++) {
            if (i != target && scores[i] >= t) {
                above++;
            }
        }
        return above + 1;
    }
}
