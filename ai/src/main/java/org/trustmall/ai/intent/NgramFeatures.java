package org.trustmall.ai.intent;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hashed word and character n-gram TF-IDF vectors, as a sparse complement to the sentence embedding: exact words
 * and sub-words ("refund", "pin", "apr") that a small frozen encoder blurs. Words are runs of letters or digits,
 * lower-cased; the features are word unigrams and bigrams and the character 2- to 4-grams of each word padded with
 * spaces (so a Chinese run, which has no spaces, gives its characters and character pairs). Each n-gram is hashed
 * into {@link #DIMENSION} buckets; its weight is {@code (1 + ln count) * idf} with the IDF of the training texts,
 * and the vector is L2-normalised. Immutable and thread-safe.
 */
final class NgramFeatures {
    static final int BITS = 16;
    static final int DIMENSION = 1 << BITS;

    /** A sparse vector: strictly increasing indices and their values. */
    record Sparse(int[] index, float[] value) {
    }

    private final float[] idf;

    private NgramFeatures(float[] idf) {
        this.idf = idf;
    }

    /** IDF from the training texts: {@code ln((1 + n) / (1 + df)) + 1}, as scikit-learn's smoothed IDF. */
    static NgramFeatures fit(List<String> texts) {
        int[] df = new int[DIMENSION];
        for (String t : texts) {
            for (int h : counts(t).keySet()) {
                df[h]++;
            }
        }
        float[] idf = new float[DIMENSION];
        for (int h = 0; h < DIMENSION; h++) {
            idf[h] = (float) (Math.log((1.0 + texts.size()) / (1.0 + df[h])) + 1);
        }
        return new NgramFeatures(idf);
    }

    Sparse vector(String text) {
        Map<Integer, Integer> counts = counts(text);
        int[] index = new int[counts.size()];
        float[] value = new float[counts.size()];
        int k = 0;
        double norm = 0;
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            index[k] = e.getKey();
            value[k] = (float) ((1 + Math.log(e.getValue())) * idf[e.getKey()]);
            norm += (double) value[k] * value[k];
            k++;
        }
        if (norm > 0) {
            float inv = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < value.length; i++) {
                value[i] *= inv;
            }
        }
        return new Sparse(index, value);
    }

    /** Bucket → count, ordered by bucket (a TreeMap, so the vector's indices come out sorted). */
    private static Map<Integer, Integer> counts(String text) {
        Map<Integer, Integer> counts = new TreeMap<>();
        List<String> words = words(text);
        String previous = null;
        for (String w : words) {
            counts.merge(bucket("w:" + w), 1, Integer::sum);
            if (previous != null) {
                counts.merge(bucket("b:" + previous + ' ' + w), 1, Integer::sum);
            }
            previous = w;
            String padded = ' ' + w + ' ';
            for (int n = 2; n <= 4; n++) {
                for (int i = 0; i + n <= padded.length(); i++) {
                    counts.merge(bucket("c:" + padded.substring(i, i + n)), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    static List<String> words(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return Arrays.stream(lower.split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).toList();
    }

    /** String.hashCode is specified by the language, so buckets are the same on every JVM; the mix spreads them. */
    private static int bucket(String gram) {
        int h = gram.hashCode() * 0x9E3779B9;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h & (DIMENSION - 1);
    }
}
