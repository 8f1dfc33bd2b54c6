package org.trustmall.assistant.knowledge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Okapi BM25 over a fixed set of token lists (k1 = 1.2, b = 0.75, the idf of Lucene's BM25Similarity, which is never
 * negative). Immutable once built; thread-safe.
 */
final class Bm25 {
    private static final double K1 = 1.2;
    private static final double B = 0.75;

    /** A document's position in the list the index was built from, and its score. */
    record Scored(int doc, double score) {
    }

    private final List<Map<String, Integer>> termFrequencies = new ArrayList<>();
    private final int[] lengths;
    private final Map<String, Double> idf = new HashMap<>();
    private final double averageLength;

    Bm25(List<List<String>> documents) {
        lengths = new int[documents.size()];
        Map<String, Integer> documentFrequency = new HashMap<>();
        long total = 0;
        for (int d = 0; d < documents.size(); d++) {
            Map<String, Integer> tf = new HashMap<>();
            for (String t : documents.get(d)) {
                tf.merge(t, 1, Integer::sum);
            }
            termFrequencies.add(tf);
            tf.keySet().forEach(t -> documentFrequency.merge(t, 1, Integer::sum));
            lengths[d] = documents.get(d).size();
            total += lengths[d];
        }
        averageLength = documents.isEmpty() ? 1 : Math.max(1, (double) total / documents.size());
        int n = documents.size();
        documentFrequency.forEach((t, df) -> idf.put(t, Math.log(1 + (n - df + 0.5) / (df + 0.5))));
    }

    /** Documents sharing at least one term with the query, best first (ties by position). */
    List<Scored> rank(List<String> query) {
        Set<String> terms = new HashSet<>(query);
        List<Scored> out = new ArrayList<>();
        for (int d = 0; d < lengths.length; d++) {
            double s = 0;
            for (String t : terms) {
                Integer f = termFrequencies.get(d).get(t);
                if (f != null) {
                    double norm = K1 * (1 - B + B * lengths[d] / averageLength);
                    s += idf.get(t) * f * (K1 + 1) / (f + norm);
                }
            }
            if (s > 0) {
                out.add(new Scored(d, s));
            }
        }
        out.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingInt(Scored::doc));
        return out;
    }
}
