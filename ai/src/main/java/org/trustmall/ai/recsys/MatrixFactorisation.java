package org.trustmall.ai.recsys;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Implicit-feedback matrix factorisation (Hu, Koren and Volinsky 2008) trained by alternating least squares, each
 * half-step solved approximately by a few conjugate-gradient steps warm-started from the previous factors (Takács,
 * Pilászy and Tikk 2011).
 *
 * <p>A user's sequence gives every item in it the preference 1 with confidence
 * {@code 1 + alpha · Σ historyDecay^age} over its occurrences (age 0 for the last item), every other item preference
 * 0 with confidence 1; the loss is the confidence-weighted squared error plus {@code regularisation} times the
 * squared norms of the factors. Only the item factors are kept, in half precision: a history is scored by folding
 * it in, solving the user half-step exactly (Cholesky) for that history, and taking dot products with every item, so
 * new users and histories longer than training's are served alike. Popularity, scaled far below any meaningful
 * score difference, breaks ties (and ranks alone for an empty history).
 *
 * <p>Deterministic for a seed: the factors start from a seeded generator, each half-step solves its rows
 * independently (in parallel) from the other side's fixed factors, and every sum runs in a fixed order. Scoring is
 * thread-safe; it allocates only factor-sized (not item-count-sized) scratch.
 */
public final class MatrixFactorisation implements Recommender {
    private final int factors;
    private final double regularisation;
    private final double alpha;
    private final int iterations;
    private final int cgSteps;
    private final double historyDecay;
    private final long seed;

    private int itemCount;
    /**
     * Item factors as IEEE half-precision bits, factor-major ({@code itemFactors[f * itemCount + j]}) so that scoring
     * runs down contiguous rows. Scoring every item reads all of them for each request, so their size bounds serving
     * latency; half precision halves it, at a rounding of about 0.05% per factor.
     */
    private short[] itemFactors;
    /** {@code Yᵀ·Y + regularisation·I} over the stored item factors, row-major k×k. */
    private double[] gram;
    private float[] popularity;

    /**
     * @param factors        latent dimensions (at least 1)
     * @param regularisation the L2 weight λ (positive)
     * @param alpha          how much an observed item's confidence exceeds an unobserved one's (non-negative)
     * @param iterations     ALS sweeps (each updates users, then items)
     * @param cgSteps        conjugate-gradient steps per row and half-step (at least 1)
     * @param historyDecay   the confidence factor per step back in a sequence, in (0, 1] (1: all items alike)
     * @param seed           seeds the initial factors
     */
    public MatrixFactorisation(int factors, double regularisation, double alpha, int iterations, int cgSteps,
                               double historyDecay, long seed) {
        if (factors < 1 || !(regularisation > 0) || !(alpha >= 0) || iterations < 1 || cgSteps < 1
                || !(historyDecay > 0 && historyDecay <= 1)) {
            throw new IllegalArgumentException("mf: parameter out of range (factors " + factors + ", regularisation "
                    + regularisation + ", alpha " + alpha + ", iterations " + iterations + ", cg_steps " + cgSteps
                    + ", history_decay " + historyDecay + ")");
        }
        this.factors = factors;
        this.regularisation = regularisation;
        this.alpha = alpha;
        this.iterations = iterations;
        this.cgSteps = cgSteps;
        this.historyDecay = historyDecay;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "mf";
    }

    /** A sparse matrix by rows: row r's columns and confidences are at {@code start[r] .. start[r+1]}. */
    private record Rows(int[] start, int[] column, double[] confidence) {
        int count() {
            return start.length - 1;
        }
    }

    @Override
    public void fit(TrainingSet data, TrainingListener listener) {
        int n = data.itemCount();
        int k = factors;
        Rows users = userRows(data);
        Rows items = transpose(users, n);
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[users.count() * k];
        double[] y = new double[n * k];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian() * 0.01;
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = random.nextGaussian() * 0.01;
        }
        for (int it = 0; it < iterations; it++) {
            halfStep(x, users, y);
            halfStep(y, items, x);
            listener.progressed(name(), it + 1, iterations);
        }
        short[] t = new short[k * n];
        for (int j = 0; j < n; j++) {
            for (int f = 0; f < k; f++) {
                t[f * n + j] = Float.floatToFloat16((float) y[j * k + f]);
            }
        }
        int[] occurrences = new int[n];
        for (int[] s : data.sequences()) {
            for (int i : s) {
                occurrences[i]++;
            }
        }
        install(n, t, tieBreak(occurrences));
    }

    private void install(int n, short[] transposedFactors, float[] pop) {
        itemCount = n;
        itemFactors = transposedFactors;
        popularity = pop;
        gram = gram(transposedFactors, n, factors, regularisation);
    }

    private static float[] tieBreak(int[] occurrences) {
        return ItemKnn.tieBreak(occurrences);
    }

    /** Each user's distinct items, ascending, with their confidence. */
    private Rows userRows(TrainingSet data) {
        int users = data.sequences().size();
        int[] start = new int[users + 1];
        int[][] cols = new int[users][];
        double[][] conf = new double[users][];
        for (int u = 0; u < users; u++) {
            int[] s = data.sequences().get(u);
            Aggregate a = aggregate(s, data.itemCount());
            cols[u] = a.items;
            conf[u] = a.confidence;
            start[u + 1] = start[u] + a.items.length;
        }
        int[] column = new int[start[users]];
        double[] confidence = new double[start[users]];
        for (int u = 0; u < users; u++) {
            System.arraycopy(cols[u], 0, column, start[u], cols[u].length);
            System.arraycopy(conf[u], 0, confidence, start[u], conf[u].length);
        }
        return new Rows(start, column, confidence);
    }

    private record Aggregate(int[] items, double[] confidence) {
    }

    /** A sequence's distinct items (ascending, ids outside {@code 0..itemCount-1} dropped) and their confidences. */
    private Aggregate aggregate(int[] sequence, int itemCount) {
        long[] keyed = new long[sequence.length];
        int m = 0;
        for (int t = sequence.length - 1, age = 0; t >= 0; t--, age++) {
            int i = sequence[t];
            if (i < 0 || i >= itemCount) {
                continue;
            }
            keyed[m++] = ((long) i << 32) | age;
        }
        Arrays.sort(keyed, 0, m);
        int[] items = new int[m];
        double[] conf = new double[m];
        int d = -1;
        for (int t = 0; t < m; t++) {
            int i = (int) (keyed[t] >>> 32);
            int age = (int) keyed[t];
            if (d < 0 || items[d] != i) {
                d++;
                items[d] = i;
                conf[d] = 1;
            }
            conf[d] += alpha * Math.pow(historyDecay, age);
        }
        return new Aggregate(Arrays.copyOf(items, d + 1), Arrays.copyOf(conf, d + 1));
    }

    private static Rows transpose(Rows rows, int columns) {
        int[] start = new int[columns + 1];
        for (int c : rows.column()) {
            start[c + 1]++;
        }
        for (int c = 0; c < columns; c++) {
            start[c + 1] += start[c];
        }
        int[] fill = Arrays.copyOf(start, columns);
        int[] column = new int[rows.column().length];
        double[] confidence = new double[column.length];
        for (int r = 0; r < rows.count(); r++) {
            for (int p = rows.start()[r]; p < rows.start()[r + 1]; p++) {
                int at = fill[rows.column()[p]]++;
                column[at] = r;
                confidence[at] = rows.confidence()[p];
            }
        }
        return new Rows(start, column, confidence);
    }

    /** Updates every row of {@code target} for the fixed {@code other} factors (one ALS half-step). */
    private void halfStep(double[] target, Rows rows, double[] other) {
        int k = factors;
        double[] g = new double[k * k];
        int others = other.length / k;
        for (int o = 0; o < others; o++) {
            int base = o * k;
            for (int a = 0; a < k; a++) {
                double va = other[base + a];
                for (int b = 0; b < k; b++) {
                    g[a * k + b] += va * other[base + b];
                }
            }
        }
        for (int a = 0; a < k; a++) {
            g[a * k + a] += regularisation;
        }
        int chunk = 256;
        IntStream.range(0, (rows.count() + chunk - 1) / chunk).parallel().forEach(c -> {
            double[] r = new double[k];
            double[] p = new double[k];
            double[] ap = new double[k];
            for (int row = c * chunk; row < Math.min(rows.count(), (c + 1) * chunk); row++) {
                conjugateGradient(target, row, rows, other, g, r, p, ap);
            }
        });
    }

    private void conjugateGradient(double[] target, int row, Rows rows, double[] other, double[] g, double[] r,
                                   double[] p, double[] ap) {
        int k = factors;
        int base = row * k;
        int from = rows.start()[row];
        int to = rows.start()[row + 1];
        // r = b − A·x with A = G + Σ (c−1)·y·yᵀ and b = Σ c·y over the row's observed columns.
        multiply(g, target, base, r, k);
        for (int a = 0; a < k; a++) {
            r[a] = -r[a];
        }
        for (int q = from; q < to; q++) {
            int o = rows.column()[q] * k;
            double c = rows.confidence()[q];
            double dot = 0;
            for (int a = 0; a < k; a++) {
                dot += other[o + a] * target[base + a];
            }
            double w = c - (c - 1) * dot;
            for (int a = 0; a < k; a++) {
                r[a] += w * other[o + a];
            }
        }
        System.arraycopy(r, 0, p, 0, k);
        double rs = dot(r, r, k);
        for (int step = 0; step < cgSteps && rs > 1e-20; step++) {
            multiply(g, p, 0, ap, k);
            for (int q = from; q < to; q++) {
                int o = rows.column()[q] * k;
                double dot = 0;
                for (int a = 0; a < k; a++) {
                    dot += other[o + a] * p[a];
                }
                double w = (rows.confidence()[q] - 1) * dot;
                for (int a = 0; a < k; a++) {
                    ap[a] += w * other[o + a];
                }
            }
            double step0 = rs / dot(p, ap, k);
            for (int a = 0; a < k; a++) {
                target[base + a] += step0 * p[a];
                r[a] -= step0 * ap[a];
            }
            double next = dot(r, r, k);
            for (int a = 0; a < k; a++) {
                p[a] = r[a] + next / rs * p[a];
            }
            rs = next;
        }
    }

    private static void multiply(double[] g, double[] v, int offset, double[] out, int k) {
        for (int a = 0; a < k; a++) {
            double s = 0;
            for (int b = 0; b < k; b++) {
                s += g[a * k + b] * v[offset + b];
            }
            out[a] = s;
        }
    }

    private static double dot(double[] a, double[] b, int k) {
        double s = 0;
        for (int i = 0; i < k; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[] gram(short[] half, int n, int k, double regularisation) {
        float[] t = new float[half.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = Float.float16ToFloat(half[i]);
        }
        double[] g = new double[k * k];
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += (double) t[a * n + j] * t[b * n + j];
                }
                g[a * k + b] = s;
                g[b * k + a] = s;
            }
            g[a * k + a] += regularisation;
        }
        return g;
    }

    @Override
    public void score(int[] history, float[] out) {
        int n = Math.min(itemCount, out.length);
        System.arraycopy(popularity, 0, out, 0, n);
        float[] u = foldIn(history);
        if (u == null) {
            return;
        }
        for (int f = 0; f < factors; f++) {
            float uf = u[f];
            int base = f * itemCount;
            for (int j = 0; j < n; j++) {
                out[j] += uf * Float.float16ToFloat(itemFactors[base + j]);
            }
        }
    }

    /** The user factors that best explain {@code history} given the item factors, or null for no known item. */
    private float[] foldIn(int[] history) {
        Aggregate h = aggregate(history, itemCount);
        if (h.items.length == 0) {
            return null;
        }
        int k = factors;
        double[] a = gram.clone();
        double[] b = new double[k];
        double[] y = new double[k];
        for (int t = 0; t < h.items.length; t++) {
            int j = h.items[t];
            for (int f = 0; f < k; f++) {
                y[f] = Float.float16ToFloat(itemFactors[f * itemCount + j]);
            }
            double c = h.confidence[t];
            for (int p = 0; p < k; p++) {
                b[p] += c * y[p];
                double w = (c - 1) * y[p];
                for (int q = 0; q < k; q++) {
                    a[p * k + q] += w * y[q];
                }
            }
        }
        choleskySolve(a, b, k);
        float[] u = new float[k];
        for (int f = 0; f < k; f++) {
            u[f] = (float) b[f];
        }
        return u;
    }

    /** Solves {@code a·x = b} for symmetric positive-definite {@code a} in place: b receives x, a its factor. */
    private static void choleskySolve(double[] a, double[] b, int k) {
        for (int j = 0; j < k; j++) {
            double d = a[j * k + j];
            for (int p = 0; p < j; p++) {
                d -= a[j * k + p] * a[j * k + p];
            }
            d = Math.sqrt(Math.max(d, 1e-12));
            a[j * k + j] = d;
            for (int i = j + 1; i < k; i++) {
                double s = a[i * k + j];
                for (int p = 0; p < j; p++) {
                    s -= a[i * k + p] * a[j * k + p];
                }
                a[i * k + j] = s / d;
            }
        }
        for (int i = 0; i < k; i++) {
            double s = b[i];
            for (int p = 0; p < i; p++) {
                s -= a[i * k + p] * b[p];
            }
            b[i] = s / a[i * k + i];
        }
        for (int i = k - 1; i >= 0; i--) {
            double s = b[i];
            for (int p = i + 1; p < k; p++) {
                s -= a[p * k + i] * b[p];
            }
            b[i] = s / a[i * k + i];
        }
    }

    private static long seed(Map<String, Object> parameters) throws IOException {
        if (!(parameters.get("seed") instanceof Number s) || s instanceof Double || s instanceof Float) {
            throw new IOException("parameter 'seed' is missing or not an integer");
        }
        return s.longValue();
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("factors", factors);
        p.put("regularisation", regularisation);
        p.put("alpha", alpha);
        p.put("iterations", iterations);
        p.put("cg_steps", cgSteps);
        p.put("history_decay", historyDecay);
        p.put("seed", seed);
        return p;
    }

    @Override
    public void write(OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(itemCount);
        d.writeInt(itemFactors.length);
        byte[] buf = new byte[itemFactors.length * 2];
        ByteBuffer.wrap(buf).asShortBuffer().put(itemFactors);
        d.write(buf);
        RecommenderFormats.writeFloats(d, popularity);
    }

    static Recommender read(Map<String, Object> parameters, DataInputStream in) throws IOException {
        MatrixFactorisation m;
        try {
            m = new MatrixFactorisation(ItemKnn.integer(parameters, "factors"),
                    ItemKnn.number(parameters, "regularisation"), ItemKnn.number(parameters, "alpha"),
                    ItemKnn.integer(parameters, "iterations"), ItemKnn.integer(parameters, "cg_steps"),
                    ItemKnn.number(parameters, "history_decay"), seed(parameters));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
        int n = in.readInt();
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("negative length");
        }
        byte[] buf = in.readNBytes(Math.multiplyExact(length, 2));
        if (buf.length != length * 2) {
            throw new IOException("truncated");
        }
        short[] t = new short[length];
        ByteBuffer.wrap(buf).asShortBuffer().get(t);
        float[] pop = RecommenderFormats.readFloats(in);
        if (n <= 0 || pop.length != n || t.length != (long) n * m.factors) {
            throw new IOException("item factors do not match " + m.factors + " factors × " + n + " items");
        }
        m.install(n, t, pop);
        return m;
    }
}
