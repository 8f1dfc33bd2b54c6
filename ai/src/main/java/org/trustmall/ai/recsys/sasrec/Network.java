package org.trustmall.ai.recsys.sasrec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.internal.NDArrayEx;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The SASRec network over DJL arrays: item embeddings (shared with the output layer) plus learned position
 * embeddings, then pre-norm blocks of causal multi-head self-attention and a position-wise feed-forward layer, then a
 * final layer norm; an item's score is the dot product of the last hidden state with its embedding. Padding is
 * masked out of attention and zeroed after every block.
 *
 * <p>Holds no state but its parameter arrays, which callers own. {@link #logits} only reads them, so many threads may
 * run it at once on arrays that no one updates.
 */
final class Network {
    private static final int PER_BLOCK = 16;
    private static final float LAYER_NORM_EPS = 1e-8f;
    private static final float MASKED = -1e9f;

    private final SasRecConfig config;
    private final int itemCount;
    private final NDArray[] p;
    private final NDArray embeddingScale;
    private final NDArray attentionScale;

    /** A parameter's name and shape, in the order of {@link #layout}; the order is the artifact's order too. */
    record Spec(String name, long[] shape, Init init) {
        long size() {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            return n;
        }
    }

    enum Init { XAVIER, ZEROS, ONES }

    /**
     * A network over {@code parameters}; its two scaling constants are made in the parameters' manager and freed with
     * them.
     */
    Network(SasRecConfig config, int itemCount, NDArray[] parameters) {
        this.config = config;
        this.itemCount = itemCount;
        this.p = parameters;
        NDManager owner = parameters[0].getManager();
        this.embeddingScale = constant(owner, (float) Math.sqrt(config.hidden()));
        this.attentionScale = constant(owner, (float) (1 / Math.sqrt(config.hidden() / (double) config.heads())));
    }

    /**
     * A scalar in PyTorch's own memory. Not {@code array.mul(number)}: DJL makes that number an array over a Java
     * buffer and closes it at once, but autograd keeps it for the backward pass, which then reads memory the garbage
     * collector may have freed (training stopped repeating itself under memory pressure until this was changed).
     */
    private static NDArray constant(NDManager manager, float value) {
        try (NDArray wrapped = manager.create(value)) {
            return wrapped.duplicate();
        }
    }

    static List<Spec> layout(SasRecConfig c, int itemCount) {
        long d = c.hidden();
        List<Spec> specs = new ArrayList<>();
        specs.add(new Spec("items", new long[] {itemCount, d}, Init.XAVIER));
        specs.add(new Spec("positions", new long[] {c.maxLength(), d}, Init.XAVIER));
        for (int b = 0; b < c.blocks(); b++) {
            String n = "block" + b + ".";
            specs.add(new Spec(n + "attention_norm.gamma", new long[] {d}, Init.ONES));
            specs.add(new Spec(n + "attention_norm.beta", new long[] {d}, Init.ZEROS));
            for (String w : new String[] {"query", "key", "value", "out"}) {
                specs.add(new Spec(n + w + ".weight", new long[] {d, d}, Init.XAVIER));
                specs.add(new Spec(n + w + ".bias", new long[] {d}, Init.ZEROS));
            }
            specs.add(new Spec(n + "feed_forward_norm.gamma", new long[] {d}, Init.ONES));
            specs.add(new Spec(n + "feed_forward_norm.beta", new long[] {d}, Init.ZEROS));
            specs.add(new Spec(n + "feed_forward.inner.weight", new long[] {d, d}, Init.XAVIER));
            specs.add(new Spec(n + "feed_forward.inner.bias", new long[] {d}, Init.ZEROS));
            specs.add(new Spec(n + "feed_forward.outer.weight", new long[] {d, d}, Init.XAVIER));
            specs.add(new Spec(n + "feed_forward.outer.bias", new long[] {d}, Init.ZEROS));
        }
        specs.add(new Spec("final_norm.gamma", new long[] {d}, Init.ONES));
        specs.add(new Spec("final_norm.beta", new long[] {d}, Init.ZEROS));
        return specs;
    }

    /** Initial values drawn from {@code random} alone (Xavier normal for matrices), so a seed fixes them. */
    static float[][] initialValues(List<Spec> specs, SplittableRandom random) {
        float[][] values = new float[specs.size()][];
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            float[] v = new float[Math.toIntExact(s.size())];
            switch (s.init()) {
                case ZEROS -> { }
                case ONES -> Arrays.fill(v, 1f);
                case XAVIER -> {
                    double std = Math.sqrt(2.0 / (s.shape()[0] + s.shape()[1]));
                    for (int k = 0; k < v.length; k++) {
                        v[k] = (float) (nextGaussian(random) * std);
                    }
                }
            }
            values[i] = v;
        }
        return values;
    }

    /** A standard normal draw by Box–Muller, so the values do not depend on the JDK's Gaussian algorithm. */
    private static double nextGaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /**
     * The values as arrays in PyTorch's own memory: DJL's {@code create} only wraps a Java direct buffer, and the
     * weights must not depend on that buffer staying reachable (see {@link #constant}).
     */
    static NDArray[] toArrays(NDManager manager, List<Spec> specs, float[][] values) {
        NDArray[] arrays = new NDArray[specs.size()];
        for (int i = 0; i < arrays.length; i++) {
            try (NDArray wrapped = manager.create(values[i], new Shape(specs.get(i).shape()))) {
                arrays[i] = wrapped.duplicate();
            }
        }
        return arrays;
    }

    /**
     * Mean cross-entropy over the whole catalogue of every slot's next item (the full-softmax SASRec loss). The
     * arrays it makes from Java values (ids, masks, targets) are kept by {@code m} until the caller closes the step,
     * after the backward pass that reads them.
     */
    NDArray trainingLoss(NDManager m, Batch batch) {
        NDArray hidden = encode(m, batch, true);
        long d = config.hidden();
        NDArray flat = hidden.reshape(batch.rows() * (long) batch.width(), d);
        NDArray predicting = flat.get(new NDIndex("{}", m.create(batch.slots())));
        NDArray logits = predicting.matMul(p[0].transpose());
        NDArray targets = m.create(batch.targets(), new Shape(batch.targets().length, 1));
        return logits.logSoftmax(1).gather(targets, 1).mean().neg();
    }

    /** Scores of every item for each row's last slot: {@code rows × itemCount}. No dropout. */
    NDArray logits(NDManager m, Batch batch) {
        NDArray hidden = encode(m, batch, false);
        NDArray last = hidden.get(new NDIndex(":, -1, :"));
        return last.matMul(p[0].transpose());
    }

    private NDArray encode(NDManager m, Batch batch, boolean training) {
        int rows = batch.rows();
        int width = batch.width();
        long d = config.hidden();
        int heads = config.heads();
        long headWidth = d / heads;
        float rate = training ? config.dropout() : 0f;

        NDArray mask = m.create(batch.mask(), new Shape(rows, width, 1));
        NDArray ids = m.create(batch.ids(), new Shape(rows, width));
        NDArray x = ex(p[0]).embedding(ids, p[0], SparseFormat.DENSE).singletonOrThrow();
        x = x.mul(embeddingScale);
        NDArray positions = p[1].get(new NDIndex((config.maxLength() - width) + ":"));
        x = dropout(x.add(positions), rate, training).mul(mask);

        // Additive attention mask, (rows, 1, width, width): a slot sees itself and earlier items, never padding.
        float[] causal = new float[width * width];
        for (int i = 0; i < width; i++) {
            for (int j = i + 1; j < width; j++) {
                causal[i * width + j] = MASKED;
            }
        }
        float[] padding = new float[rows * width];
        for (int k = 0; k < padding.length; k++) {
            padding[k] = batch.mask()[k] == 0 ? MASKED : 0f;
        }
        NDArray attentionMask = m.create(causal, new Shape(1, 1, width, width))
                .add(m.create(padding, new Shape(rows, 1, 1, width)));

        for (int b = 0; b < config.blocks(); b++) {
            int o = 2 + b * PER_BLOCK;
            NDArray y = layerNorm(x, p[o], p[o + 1]);
            NDArray q = split(linear(y, p[o + 2], p[o + 3]), rows, width, heads, headWidth);
            NDArray k = split(linear(y, p[o + 4], p[o + 5]), rows, width, heads, headWidth);
            NDArray v = split(linear(y, p[o + 6], p[o + 7]), rows, width, heads, headWidth);
            NDArray weights = q.matMul(k.transpose(0, 1, 3, 2)).mul(attentionScale)
                    .add(attentionMask).softmax(-1);
            NDArray attended = dropout(weights, rate, training).matMul(v)
                    .transpose(0, 2, 1, 3).reshape(rows, width, d);
            x = x.add(dropout(linear(attended, p[o + 8], p[o + 9]), rate, training));
            y = layerNorm(x, p[o + 10], p[o + 11]);
            NDArray inner = dropout(Activation.relu(linear(y, p[o + 12], p[o + 13])), rate, training);
            x = x.add(dropout(linear(inner, p[o + 14], p[o + 15]), rate, training)).mul(mask);
        }
        int f = 2 + config.blocks() * PER_BLOCK;
        return layerNorm(x, p[f], p[f + 1]);
    }

    private static NDArray split(NDArray x, int rows, int width, int heads, long headWidth) {
        return x.reshape(rows, width, heads, headWidth).transpose(0, 2, 1, 3);
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return x.matMul(weight).add(bias);
    }

    private NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        return ex(x).layerNorm(x, new Shape(config.hidden()), gamma, beta, LAYER_NORM_EPS).singletonOrThrow();
    }

    private static NDArray dropout(NDArray x, float rate, boolean training) {
        if (!training || rate == 0f) {
            return x;
        }
        return ex(x).dropout(x, rate, true).singletonOrThrow();
    }

    private static NDArrayEx ex(NDArray x) {
        return x.getNDArrayInternal();
    }

    int itemCount() {
        return itemCount;
    }
}
