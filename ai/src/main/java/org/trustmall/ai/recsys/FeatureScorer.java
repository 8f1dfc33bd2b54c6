package org.trustmall.ai.recsys;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.trustmall.ai.AiException;
import org.trustmall.data.DataException;
import org.trustmall.data.ingest.Interaction;
import org.trustmall.data.normalise.FeatureNormaliser;
import org.trustmall.data.normalise.ItemFeatures;
import org.trustmall.data.normalise.ZScore;

/**
 * The non-personalised ranker that serves new buyers and buyers without personalisation consent: a linear score
 * {@code w · x} over an item's numeric features ({@link ItemFeatures}: interactions, users, recency_days, rating_mean,
 * price), where {@code x} holds each feature's z-score {@code (X − μ)/σ} under the stored {@link #normaliser()} (a
 * missing value at z = 0, the mean) followed by one missing-value indicator per feature ({@link #INPUTS}).
 *
 * <p><b>Fit</b> ({@link #fit}): the interactions are put in time order and split; the features are measured
 * ({@link ItemFeatures#extract}) on the earlier part, as they would have been at that moment, and z-scored with the
 * given μ and σ (the training snapshot's); the weights maximise the likelihood of the later part's interactions under
 * a softmax over every item of the data and of the price list, i.e. the catalogue ({@code P(next = i) ∝
 * exp(w · x_i)}, a multinomial logit with an L2 penalty).
 * The loss is convex; Newton's method from {@code w = 0} with a backtracking line search finds its minimum, with no
 * randomness, so the same data always give the same weights, bit for bit.
 *
 * <p><b>Serving</b> ({@link #score}): features measured the same way on live data, z-scored with exactly the stored
 * μ and σ — never re-estimated — so training and serving share one scale. Immutable and thread-safe.
 */
public final class FeatureScorer {
    /** The inputs of the linear score, in weight order: {@code z.<feature>} then {@code missing.<feature>}. */
    public static final List<String> INPUTS;
    private static final int F = ItemFeatures.FEATURES.size();
    private static final String MAGIC = "TRUSTMALL-FEATURE-SCORER-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        List<String> in = new ArrayList<>();
        ItemFeatures.FEATURES.forEach(f -> in.add("z." + f));
        ItemFeatures.FEATURES.forEach(f -> in.add("missing." + f));
        INPUTS = List.copyOf(in);
    }

    /**
     * How {@link #fit} learns.
     *
     * @param holdout       the share of the (time-ordered) interactions whose items the weights learn to predict
     * @param l2            the L2 penalty on the weights, per predicted interaction
     * @param maxIterations Newton steps at most
     */
    public record Options(double holdout, double l2, int maxIterations) {
        /**
         * A fifth of the interactions predicted; a light penalty, chosen on the planted tests: at 1e-3 near-duplicate
         * features (interactions and distinct users) cancelled each other with large opposite weights and a stationary
         * catalogue ranked worse than plain popularity; at 1 the few never-interacted products could not learn their
         * missing-recency weight and were listed first.
         */
        public static final Options DEFAULT = new Options(0.2, 0.01, 100);

        public Options {
            if (!(holdout > 0 && holdout < 1) || !(l2 > 0) || !Double.isFinite(l2) || maxIterations < 1) {
                throw new IllegalArgumentException("holdout must be in (0, 1), l2 positive, maxIterations ≥ 1");
            }
        }
    }

    private final FeatureNormaliser normaliser;
    private final ZScore.Stats[] stats;
    private final double[] weights;
    private final Map<String, Object> parameters;

    private FeatureScorer(FeatureNormaliser normaliser, double[] weights, Map<String, Object> parameters) {
        if (!normaliser.features().equals(ItemFeatures.FEATURES)) {
            throw new IllegalArgumentException("the normaliser's features " + normaliser.features() + " are not "
                    + ItemFeatures.FEATURES);
        }
        if (weights.length != INPUTS.size()) {
            throw new IllegalArgumentException(weights.length + " weights, expected " + INPUTS.size());
        }
        for (double w : weights) {
            if (!Double.isFinite(w)) {
                throw new IllegalArgumentException("a weight is not a finite number: " + w);
            }
        }
        this.normaliser = normaliser;
        this.stats = new ZScore.Stats[F];
        for (int f = 0; f < F; f++) {
            stats[f] = normaliser.stats(ItemFeatures.FEATURES.get(f));
        }
        this.weights = weights.clone();
        this.parameters = Map.copyOf(parameters);
    }

    /** A scorer with given weights ({@link #INPUTS} order) over features z-scored by {@code normaliser}. */
    public static FeatureScorer of(FeatureNormaliser normaliser, double[] weights) {
        return new FeatureScorer(Objects.requireNonNull(normaliser, "normaliser"), weights, Map.of());
    }

    /**
     * Fits the weights on {@code interactions} (see the class comment), with prices by item for the price feature,
     * z-scoring with {@code normaliser} (the snapshot's stats, which the scorer keeps for serving).
     *
     * @throws IllegalArgumentException with fewer than two interactions (nothing to learn from and predict)
     */
    public static FeatureScorer fit(List<Interaction> interactions, Map<String, Double> prices,
                                    FeatureNormaliser normaliser, Options options) {
        Objects.requireNonNull(normaliser, "normaliser");
        List<Interaction> sorted = new ArrayList<>(interactions);
        sorted.sort(Comparator.comparingLong(Interaction::timestamp).thenComparing(Interaction::user)
                .thenComparing(Interaction::item).thenComparing(Interaction::event));
        int n = sorted.size();
        int predicted = Math.max(1, (int) Math.round(n * options.holdout()));
        int cut = n - predicted;
        if (cut < 1) {
            throw new IllegalArgumentException("at least two interactions are needed to fit item-feature weights, "
                    + "got " + n);
        }
        List<Interaction> past = sorted.subList(0, cut);
        Map<String, ItemFeatures.Row> measured = new HashMap<>();
        ItemFeatures.extract(past, prices).forEach(r -> measured.put(r.item(), r));
        // Serving ranks the whole catalogue, so training does too: items nobody interacted with (only priced) are
        // candidates that the later interactions passed over, and teach the weights what "no events" is worth.
        TreeSet<String> items = new TreeSet<>(prices.keySet());
        sorted.forEach(i -> items.add(i.item()));
        FeatureScorer unit = new FeatureScorer(normaliser, new double[INPUTS.size()], Map.of());
        Map<String, Integer> index = new HashMap<>();
        double[][] x = new double[items.size()][];
        for (String item : items) {
            ItemFeatures.Row r = measured.get(item);
            x[index.size()] = unit.inputs(r != null ? r.values() : ItemFeatures.absent(item, prices).values());
            index.put(item, index.size());
        }
        double[] target = new double[items.size()];
        for (Interaction i : sorted.subList(cut, n)) {
            target[index.get(i.item())] += 1.0 / predicted;
        }
        Newton fit = Newton.minimise(x, target, options);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("holdout", options.holdout());
        parameters.put("l2", options.l2());
        parameters.put("iterations", fit.iterations());
        parameters.put("loss", fit.loss());
        for (int k = 0; k < INPUTS.size(); k++) {
            parameters.put("w." + INPUTS.get(k), fit.weights()[k]);
        }
        return new FeatureScorer(normaliser, fit.weights(), parameters);
    }

    /** The μ and σ applied at serving: the training snapshot's, as stored. */
    public FeatureNormaliser normaliser() {
        return normaliser;
    }

    /** The weights, in {@link #INPUTS} order. */
    public double[] weights() {
        return weights.clone();
    }

    /** How it was fitted (holdout, l2, iterations, loss) and each weight, {@code w.<input>}; empty from {@code of}. */
    public Map<String, Object> parameters() {
        return parameters;
    }

    /**
     * The inputs of the linear score for raw features in {@link ItemFeatures#FEATURES} order (NaN where missing):
     * z-scores under the stored μ and σ, then the missing-value indicators.
     */
    public double[] inputs(double[] raw) {
        if (raw.length != F) {
            throw new IllegalArgumentException("raw features: " + raw.length + " values, expected " + F);
        }
        double[] x = new double[2 * F];
        for (int f = 0; f < F; f++) {
            if (Double.isNaN(raw[f])) {
                x[F + f] = 1;
            } else {
                x[f] = stats[f].apply(raw[f]);
            }
        }
        return x;
    }

    /** The score of raw features ({@link ItemFeatures#FEATURES} order, NaN where missing); higher ranks first. */
    public double score(double[] raw) {
        double[] x = inputs(raw);
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            s += weights[k] * x[k];
        }
        return s;
    }

    /** The score of one item's features. */
    public double score(ItemFeatures.Row row) {
        return score(row.values());
    }

    /** Writes the stats (JSON, every double exact) and the weights; {@link #read} gives back an equal scorer. */
    public void write(DataOutputStream out) throws IOException {
        out.writeUTF(MAGIC);
        out.writeUTF(JSON.writeValueAsString(normaliser.toJson()));
        out.writeUTF(JSON.writeValueAsString(parameters));
        out.writeInt(weights.length);
        for (double w : weights) {
            out.writeDouble(w);
        }
    }

    /** Reads what {@link #write} wrote. */
    @SuppressWarnings("unchecked")
    public static FeatureScorer read(DataInputStream in) throws IOException {
        if (!MAGIC.equals(in.readUTF())) {
            throw new AiException.ArtifactRejected("not an item-feature scorer (bad magic)");
        }
        FeatureNormaliser normaliser;
        try {
            normaliser = FeatureNormaliser.fromJson(JSON.readTree(in.readUTF()));
        } catch (DataException e) {
            throw new AiException.ArtifactRejected("item-feature scorer: " + e.getMessage());
        }
        Map<String, Object> parameters = JSON.readValue(in.readUTF(), LinkedHashMap.class);
        int n = in.readInt();
        if (n != INPUTS.size()) {
            throw new AiException.ArtifactRejected("item-feature scorer: " + n + " weights, expected " + INPUTS.size());
        }
        double[] w = new double[n];
        for (int k = 0; k < n; k++) {
            w[k] = in.readDouble();
        }
        try {
            return new FeatureScorer(normaliser, w, parameters);
        } catch (IllegalArgumentException e) {
            throw new AiException.ArtifactRejected("item-feature scorer: " + e.getMessage());
        }
    }

    /**
     * Newton's method on the penalised softmax loss {@code L(w) = −Σ q_i s_i + log Σ_j exp(s_j) + λ/2 |w|²},
     * {@code s = Xw}: gradient {@code Xᵀ(p − q) + λw}, Hessian {@code Xᵀ(diag p − p pᵀ)X + λI} (positive definite).
     */
    private record Newton(double[] weights, int iterations, double loss) {
        static Newton minimise(double[][] x, double[] q, Options o) {
            int d = INPUTS.size();
            double[] w = new double[d];
            double loss = loss(x, q, w, o.l2());
            int it = 0;
            while (it < o.maxIterations()) {
                double[] p = softmax(x, w);
                double[] g = new double[d];
                double[] mean = new double[d];
                double[][] h = new double[d][d];
                for (int i = 0; i < x.length; i++) {
                    for (int a = 0; a < d; a++) {
                        g[a] += (p[i] - q[i]) * x[i][a];
                        mean[a] += p[i] * x[i][a];
                        for (int b = 0; b <= a; b++) {
                            h[a][b] += p[i] * x[i][a] * x[i][b];
                        }
                    }
                }
                double gmax = 0;
                for (int a = 0; a < d; a++) {
                    g[a] += o.l2() * w[a];
                    gmax = Math.max(gmax, Math.abs(g[a]));
                    for (int b = 0; b <= a; b++) {
                        h[a][b] -= mean[a] * mean[b];
                        h[b][a] = h[a][b];
                    }
                    h[a][a] += o.l2();
                }
                if (gmax < 1e-10) {
                    break;
                }
                double[] step = solve(h, g);
                double slope = 0;
                for (int a = 0; a < d; a++) {
                    slope += g[a] * step[a];
                }
                double t = 1;
                double[] next = new double[d];
                double nextLoss;
                while (true) {
                    for (int a = 0; a < d; a++) {
                        next[a] = w[a] - t * step[a];
                    }
                    nextLoss = loss(x, q, next, o.l2());
                    if (nextLoss <= loss - 1e-4 * t * slope || t < 1e-12) {
                        break;
                    }
                    t /= 2;
                }
                it++;
                if (!(nextLoss < loss)) {
                    break; // no progress left at double precision
                }
                w = next.clone();
                loss = nextLoss;
            }
            return new Newton(w, it, loss);
        }

        private static double[] softmax(double[][] x, double[] w) {
            double[] s = new double[x.length];
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < x.length; i++) {
                for (int a = 0; a < w.length; a++) {
                    s[i] += w[a] * x[i][a];
                }
                max = Math.max(max, s[i]);
            }
            double sum = 0;
            for (int i = 0; i < s.length; i++) {
                s[i] = Math.exp(s[i] - max);
                sum += s[i];
            }
            for (int i = 0; i < s.length; i++) {
                s[i] /= sum;
            }
            return s;
        }

        private static double loss(double[][] x, double[] q, double[] w, double l2) {
            double[] s = new double[x.length];
            double max = Double.NEGATIVE_INFINITY;
            double fit = 0;
            for (int i = 0; i < x.length; i++) {
                for (int a = 0; a < w.length; a++) {
                    s[i] += w[a] * x[i][a];
                }
                max = Math.max(max, s[i]);
                fit -= q[i] * s[i];
            }
            double sum = 0;
            for (double v : s) {
                sum += Math.exp(v - max);
            }
            double norm = 0;
            for (double v : w) {
                norm += v * v;
            }
            return fit + max + Math.log(sum) + l2 / 2 * norm;
        }

        /** Solves {@code h · s = g} for a symmetric positive definite h by Cholesky. */
        private static double[] solve(double[][] h, double[] g) {
            int d = g.length;
            double[][] l = new double[d][d];
            for (int a = 0; a < d; a++) {
                for (int b = 0; b <= a; b++) {
                    double v = h[a][b];
                    for (int k = 0; k < b; k++) {
                        v -= l[a][k] * l[b][k];
                    }
                    l[a][b] = a == b ? Math.sqrt(Math.max(v, 1e-300)) : v / l[b][b];
                }
            }
            double[] y = new double[d];
            for (int a = 0; a < d; a++) {
                double v = g[a];
                for (int k = 0; k < a; k++) {
                    v -= l[a][k] * y[k];
                }
                y[a] = v / l[a][a];
            }
            double[] s = new double[d];
            for (int a = d - 1; a >= 0; a--) {
                double v = y[a];
                for (int k = a + 1; k < d; k++) {
                    v -= l[k][a] * s[k];
                }
                s[a] = v / l[a][a];
            }
            return s;
        }
    }
}
