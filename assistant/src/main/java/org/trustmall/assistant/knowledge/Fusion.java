package org.trustmall.assistant.knowledge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal-rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): an item's score is the sum over the rankings
 * that hold it of 1 / (K + rank), rank counted from 1. It needs no calibration between keyword and embedding scores,
 * whose scales have nothing in common, and an item near the top of either ranking stays near the top. Pure.
 */
final class Fusion {
    /** The usual constant: it flattens the difference between the very first ranks. */
    static final int K = 60;

    private Fusion() {
    }

    /** Keys with their fused scores, best first; ties keep the order in which keys were first met. */
    static <T> List<Map.Entry<T, Double>> fuse(List<List<T>> rankings) {
        Map<T, Double> scores = new LinkedHashMap<>();
        for (List<T> ranking : rankings) {
            for (int r = 0; r < ranking.size(); r++) {
                scores.merge(ranking.get(r), 1.0 / (K + r + 1), Double::sum);
            }
        }
        List<Map.Entry<T, Double>> out = new ArrayList<>(scores.entrySet());
        out.sort(Map.Entry.<T, Double>comparingByValue(Comparator.reverseOrder()));
        return out;
    }
}
