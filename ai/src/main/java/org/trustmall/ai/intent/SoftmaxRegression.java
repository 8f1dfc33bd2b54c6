package org.trustmall.ai.intent;

import java.util.SplittableRandom;

/**
 * Multinomial logistic regression over a dense part (the sentence embedding) followed by a sparse part (hashed
 * n-grams), trained by AdaGrad on mini-batches of {@value #BATCH} drawn in an order from the seed, with L2 decay on
 * the weights a batch touches. AdaGrad suits the mix: each coordinate gets its own step, so rare n-grams learn as fast
 * as the always-present embedding dimensions, and a step touches only the batch's non-zero features. The forward
 * passes of a batch run in parallel, each on its own; sums run in a fixed order, so the same seed and data give the
 * same weights bit for bit. Immutable after {@link #train}; {@link #logits} is
 * thread-safe.
 */
final class SoftmaxRegression {
    /** One training or query row: the dense features, then sparse features numbered after them. */
    record Row(float[] dense, NgramFeatures.Sparse sparse) {
    }

    /**
     * How to train: passes over the data, AdaGrad's base step, L2 decay per step, and the scales of the embedding
     * and of the n-gram vector (each unit length before scaling; 0 leaves a part out).
     */
    record Settings(int epochs, double learningRate, double l2, double denseScale, double sparseScale) {
    }

    private final int classes;
    private final int denseSize;
    /** Feature-major: the weights of feature j for every class lie together at {@code j * classes}. */
    private final float[] weights;
    private final float[] bias;

    private SoftmaxRegression(int classes, int denseSize, float[] weights, float[] bias) {
        this.classes = classes;
        this.denseSize = denseSize;
        this.weights = weights;
        this.bias = bias;
    }

    int classes() {
        return classes;
    }

    /** Examples per AdaGrad step: the forward passes of a batch run in parallel, then one update. */
    static final int BATCH = 16;

    static SoftmaxRegression train(Row[] rows, int[] labels, int classes, Settings settings, long seed,
                                   ProgressSink progress) {
        int denseSize = rows[0].dense().length;
        int features = denseSize + NgramFeatures.DIMENSION;
        float[] w = new float[features * classes];
        float[] gw = new float[features * classes];
        float[] grad = new float[features * classes];
        boolean[] touched = new boolean[NgramFeatures.DIMENSION];
        int[] touchedList = new int[NgramFeatures.DIMENSION];
        float[] b = new float[classes];
        float[] gb = new float[classes];
        double eps = 1e-8;
        float lr = (float) settings.learningRate();
        float l2 = (float) settings.l2();
        int[] order = new int[rows.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[][] g = new float[BATCH][classes];
        long total = (long) settings.epochs() * rows.length;
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int from = 0; from < order.length; from += BATCH) {
                int size = Math.min(BATCH, order.length - from);
                int first = from;
                // Each example's gradient on the scores is computed on its own, so running them in parallel gives
                // the same numbers as running them in turn.
                java.util.stream.IntStream.range(0, size).parallel().forEach(r -> {
                    int n = order[first + r];
                    double[] p = new double[classes];
                    logits(w, b, classes, denseSize, rows[n], p);
                    softmaxInPlace(p);
                    for (int c = 0; c < classes; c++) {
                        g[r][c] = (float) ((p[c] - (c == labels[n] ? 1 : 0)) / size);
                    }
                });
                for (int c = 0; c < classes; c++) {
                    float gc = 0;
                    for (int r = 0; r < size; r++) {
                        gc += g[r][c];
                    }
                    gb[c] += gc * gc;
                    b[c] -= (float) (lr * gc / Math.sqrt(gb[c] + eps));
                }
                int touchedCount = 0;
                for (int r = 0; r < size; r++) {
                    Row row = rows[order[from + r]];
                    float[] dense = row.dense();
                    float[] gr = g[r];
                    for (int j = 0; j < denseSize; j++) {
                        accumulate(grad, j * classes, dense[j], gr, classes);
                    }
                    NgramFeatures.Sparse s = row.sparse();
                    for (int k = 0; k < s.index().length; k++) {
                        int h = s.index()[k];
                        if (!touched[h]) {
                            touched[h] = true;
                            touchedList[touchedCount++] = h;
                        }
                        accumulate(grad, (denseSize + h) * classes, s.value()[k], gr, classes);
                    }
                }
                for (int j = 0; j < denseSize; j++) {
                    step(w, gw, grad, j * classes, lr, l2, eps, classes);
                }
                for (int k = 0; k < touchedCount; k++) {
                    int h = touchedList[k];
                    touched[h] = false;
                    step(w, gw, grad, (denseSize + h) * classes, lr, l2, eps, classes);
                }
                progress.progressed((long) epoch * rows.length + from + size, total);
            }
        }
        return new SoftmaxRegression(classes, denseSize, w, b);
    }

    private static void accumulate(float[] grad, int at, float x, float[] g, int classes) {
        if (x == 0) {
            return;
        }
        for (int c = 0; c < classes; c++) {
            grad[at + c] += g[c] * x;
        }
    }

    /** One AdaGrad step on one feature's weights, clearing its gradient for the next batch. */
    private static void step(float[] w, float[] gw, float[] grad, int at, float lr, float l2, double eps,
                             int classes) {
        for (int c = 0; c < classes; c++) {
            int i = at + c;
            float gi = grad[i] + l2 * w[i];
            grad[i] = 0;
            gw[i] += gi * gi;
            w[i] -= (float) (lr * gi / Math.sqrt(gw[i] + eps));
        }
    }

    /** The raw scores of one row, one per class. */
    double[] logits(Row row) {
        double[] out = new double[classes];
        logits(weights, bias, classes, denseSize, row, out);
        return out;
    }

    private static void logits(float[] w, float[] b, int classes, int denseSize, Row row, double[] out) {
        for (int c = 0; c < classes; c++) {
            out[c] = b[c];
        }
        float[] dense = row.dense();
        for (int j = 0; j < denseSize; j++) {
            float x = dense[j];
            int at = j * classes;
            for (int c = 0; c < classes; c++) {
                out[c] += x * w[at + c];
            }
        }
        NgramFeatures.Sparse s = row.sparse();
        for (int k = 0; k < s.index().length; k++) {
            float x = s.value()[k];
            int at = (denseSize + s.index()[k]) * classes;
            for (int c = 0; c < classes; c++) {
                out[c] += x * w[at + c];
            }
        }
    }

    /** Turns scores into probabilities in place (max subtracted first, so large scores do not overflow). */
    static void softmaxInPlace(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < z.length; c++) {
            z[c] /= sum;
        }
    }

    /** Told how far training has gone, in example steps. */
    interface ProgressSink {
        ProgressSink NONE = (done, total) -> { };

        void progressed(long done, long total);
    }
}
