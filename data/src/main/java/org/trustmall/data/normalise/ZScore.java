package org.trustmall.data.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.trustmall.data.DataException;

/**
 * The z-score {@code X' = (X − μ)/σ}: {@link #fit} measures μ and σ once, on the training snapshot, and
 * {@link Stats#apply} maps any later value with exactly those numbers, so serving sees the scale training saw.
 *
 * <p>σ is the <em>population</em> standard deviation (divide by n, not n − 1), computed in one pass with Welford's
 * update, which stays accurate where the textbook {@code E[X²] − E[X]²} loses every digit (large values, small
 * spread). A constant feature has σ = 0 and carries no information: it transforms to 0, never to NaN.
 */
public final class ZScore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ZScore() {
    }

    /**
     * The mean, population standard deviation and count of {@code values}; an empty array gives (0, 0, 0).
     *
     * @throws IllegalArgumentException if a value is NaN or infinite (it would poison μ and σ silently)
     */
    public static Stats fit(double[] values) {
        double mean = 0;
        double m2 = 0;
        long n = 0;
        for (double x : values) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("value " + n + " is not a finite number: " + x);
            }
            n++;
            double delta = x - mean;
            mean += delta / n;
            m2 += delta * (x - mean);
        }
        return n == 0 ? new Stats(0, 0, 0) : new Stats(mean, Math.sqrt(Math.max(0, m2) / n), n);
    }

    /**
     * What {@link #fit} measured.
     *
     * @param mean  μ
     * @param std   σ, the population standard deviation (≥ 0)
     * @param count how many values it was fitted on
     */
    public record Stats(double mean, double std, long count) {
        public Stats {
            if (!Double.isFinite(mean) || !Double.isFinite(std) || std < 0 || count < 0) {
                throw new IllegalArgumentException("invalid stats: mean " + mean + ", std " + std + ", count " + count);
            }
        }

        /** {@code (x − μ)/σ}, or 0 when σ = 0 (a constant feature). */
        public double apply(double x) {
            return std == 0 ? 0 : (x - mean) / std;
        }

        /** {@link #apply} on each value, into a new array. */
        public double[] apply(double[] xs) {
            double[] out = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                out[i] = apply(xs[i]);
            }
            return out;
        }

        /**
         * {@code {"mean": …, "std": …, "count": …}}. Numbers are written with {@link Double#toString}, which gives
         * the shortest decimal that parses back to the same double, so {@link #fromJson} restores them bit for bit.
         */
        public ObjectNode toJson() {
            ObjectNode n = JSON.createObjectNode();
            n.put("mean", mean).put("std", std).put("count", count);
            return n;
        }

        /** Reads what {@link #toJson} wrote; a missing or non-numeric field is a {@link DataException} naming it. */
        public static Stats fromJson(JsonNode node) {
            return new Stats(number(node, "mean"), number(node, "std"), (long) number(node, "count"));
        }

        private static double number(JsonNode node, String field) {
            JsonNode v = node == null ? null : node.get(field);
            if (v == null || !v.isNumber()) {
                throw new DataException("normalisation stats: '" + field + "' must be a number");
            }
            // Through the decimal text, not the parser's double, so the exact digits written are the ones read.
            return Double.parseDouble(v.asText());
        }
    }
}
