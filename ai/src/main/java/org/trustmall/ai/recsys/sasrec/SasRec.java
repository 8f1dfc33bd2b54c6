package org.trustmall.ai.recsys.sasrec;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.trustmall.ai.recsys.Catalogue;
import org.trustmall.ai.recsys.Evaluator;
import org.trustmall.ai.recsys.Metrics;
import org.trustmall.ai.recsys.Recommender;
import org.trustmall.ai.recsys.RecommenderFormats;
import org.trustmall.ai.recsys.SplitData;
import org.trustmall.ai.recsys.TrainingListener;
import org.trustmall.ai.recsys.TrainingSet;

/**
 * The self-attentive sequential recommender (SASRec, Kang and McAuley 2018) trained as Klenitskiy and Vasilev
 * (RecSys 2023) recommend: every position of a training sequence predicts its next item with a softmax
 * cross-entropy over the whole catalogue, Adam, dropout. The network is in {@link Network}; training and scoring run
 * on DJL's PyTorch CPU engine, whose native library comes from the class path (nothing is downloaded). With
 * {@code members > 1} it trains that many networks from different seeds, one after the other, and sums their scores.
 *
 * <p>Threads: {@link #score} and {@link #scoreBatch} may be called from any number of threads after {@link #fit};
 * {@code fit} itself runs one model at a time per process (DJL's PyTorch gradient tape is process-wide).
 * Determinism: the seed fixes the initial weights, the shuffling and PyTorch's dropout; the same seed, data and
 * PyTorch thread count (one unless {@code ai.djl.pytorch.num_threads} says otherwise) give bit-identical weights and
 * scores, in one process or across processes. Native memory: each call frees what it allocated; the trained weights
 * live until {@link #close} (or until the model is garbage, as a safety net).
 *
 * <p>An empty history (or one with no known item) is scored by training popularity.
 */
public final class SasRec implements Recommender, AutoCloseable {
    private static final int FORMAT = 1;
    private static final int SCORE_ROWS = 256;
    private static final long MEMBER_SEED_STEP = 0x9E3779B97F4A7C15L;
    private static final Cleaner CLEANER = Cleaner.create();

    private final SasRecConfig config;
    private final long seed;
    private final List<List<Metrics>> validationHistory = new ArrayList<>();
    private volatile Trained trained;

    public SasRec(SasRecConfig config, long seed) {
        this.config = Objects.requireNonNull(config, "config");
        this.seed = seed;
    }

    /**
     * The configurations that evaluation tries on the validation split: the published single network and the
     * three-network sum (see {@link SasRecConfig#DEFAULT} for how they compared on Scientific).
     */
    public static List<Catalogue.Candidate> candidates() {
        return List.of(candidate(SasRecConfig.SINGLE), candidate(SasRecConfig.DEFAULT));
    }

    private static Catalogue.Candidate candidate(SasRecConfig c) {
        String label = String.format(Locale.ROOT, "sasrec-h%d-b%d-d%.1f-e%d%s", c.hidden(), c.blocks(), c.dropout(),
                c.epochs(), c.members() > 1 ? "-x" + c.members() : "");
        return new Catalogue.Candidate("sasrec", label, seed -> new SasRec(c, seed));
    }

    @Override
    public String name() {
        return "sasrec";
    }

    public SasRecConfig config() {
        return config;
    }

    /** Trains for exactly {@code config.epochs()} epochs. */
    @Override
    public void fit(TrainingSet data, TrainingListener listener) {
        fit(data, List.of(), 0, listener);
    }

    /**
     * Trains for at most {@code config.epochs()} epochs, measuring NDCG@10 on {@code valid} after each, and keeps the
     * weights of the best epoch; stops once {@code patience} epochs in a row have not improved on it (0: never stops
     * early). Each member of an ensemble is measured and stopped on its own. With no validation cases this is
     * {@link #fit(TrainingSet, TrainingListener)}.
     */
    public void fit(TrainingSet data, List<SplitData.Case> valid, int patience, TrainingListener listener) {
        Objects.requireNonNull(valid, "valid");
        int n = data.itemCount();
        float[] popularity = popularity(data);
        List<int[]> windows = Batch.windows(data.sequences(), config.maxLength(), n);
        validationHistory.clear();
        float[][][] members = new float[config.members()][][];
        for (int k = 0; k < members.length; k++) {
            members[k] = trainMember(k, n, windows, popularity, valid, patience, listener);
        }
        listener.progressed(name(), total(), total());
        Trained next = new Trained(config, n, members, popularity);
        Trained previous = trained;
        trained = next;
        if (previous != null) {
            previous.close();
        }
    }

    private long total() {
        return Math.max(1L, (long) config.members() * config.epochs());
    }

    @Override
    public void score(int[] history, float[] out) {
        scoreBatch(new int[][] {history}, new float[][] {out});
    }

    @Override
    public void scoreBatch(int[][] histories, float[][] out) {
        Trained t = trained;
        if (t == null) {
            throw new IllegalStateException("sasrec is not trained (call fit or read an artifact)");
        }
        scoreWith(t.networks, t.manager, t.popularity, histories, out);
    }

    /** Sums the members' scores (in member order, so the sum is the same every time). */
    private void scoreWith(Network[] networks, NDManager parent, float[] popularity, int[][] histories,
                           float[][] out) {
        int n = popularity.length;
        for (int from = 0; from < histories.length; from += SCORE_ROWS) {
            int to = Math.min(histories.length, from + SCORE_ROWS);
            List<int[]> rows = new ArrayList<>();
            int[] target = new int[to - from];
            for (int i = from; i < to; i++) {
                int[] h = Batch.inVocabulary(histories[i], n);
                if (h.length == 0) {
                    System.arraycopy(popularity, 0, out[i], 0, Math.min(n, out[i].length));
                } else {
                    target[rows.size()] = i;
                    rows.add(h);
                }
            }
            if (rows.isEmpty()) {
                continue;
            }
            Batch batch = Batch.histories(rows, config.maxLength());
            float[] sum = null;
            for (Network network : networks) {
                float[] scores;
                try (NDManager m = parent.newSubManager(); NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    scores = network.logits(m, batch).toFloatArray();
                }
                if (sum == null) {
                    sum = scores;
                } else {
                    for (int j = 0; j < sum.length; j++) {
                        sum[j] += scores[j];
                    }
                }
            }
            for (int r = 0; r < rows.size(); r++) {
                float[] o = out[target[r]];
                System.arraycopy(sum, r * n, o, 0, Math.min(n, o.length));
            }
        }
    }

    /** Trains member {@code k} and returns its weights (the best epoch's when validating). */
    private float[][] trainMember(int k, int n, List<int[]> windows, float[] popularity,
                                  List<SplitData.Case> valid, int patience, TrainingListener listener) {
        long memberSeed = seed + k * MEMBER_SEED_STEP;
        List<Network.Spec> specs = Network.layout(config, n);
        SplittableRandom random = new SplittableRandom(memberSeed);
        float[][] initial = Network.initialValues(specs, random);
        List<Metrics> history = new ArrayList<>();
        validationHistory.add(history);
        if (windows.isEmpty() || config.epochs() == 0) {
            return initial;
        }
        String who = config.members() > 1 ? "member " + (k + 1) + "/" + config.members() + " " : "";
        Engine engine = Torch.engine();
        Torch.TRAINING.lock();
        try (NDManager m = engine.newBaseManager()) {
            engine.setRandomSeed(Long.hashCode(memberSeed));
            NDArray[] weights = Network.toArrays(m, specs, initial);
            NDArray[] views = new NDArray[weights.length];
            for (int i = 0; i < weights.length; i++) {
                weights[i].setRequiresGradient(true);
                views[i] = weights[i].stopGradient();
            }
            Network network = new Network(config, n, weights);
            Network[] current = {new Network(config, n, views)};
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(config.learningRate())).build();
            float[][] best = null;
            double bestNdcg = -1;
            int bestEpoch = 0;
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                double lossSum = 0;
                long predictions = 0;
                for (int[] rows : Batch.epoch(windows, config.batchSize(), random)) {
                    Batch batch = Batch.training(windows, rows);
                    try (NDScope scope = new NDScope(); GradientCollector tape = engine.newGradientCollector()) {
                        scope.suppressNotUsedWarning();
                        NDArray loss = network.trainingLoss(m, batch);
                        tape.backward(loss);
                        lossSum += loss.getFloat() * (double) batch.targets().length;
                        predictions += batch.targets().length;
                    }
                    for (int i = 0; i < weights.length; i++) {
                        try (NDArray gradient = weights[i].getGradient()) {
                            adam.update(specs.get(i).name(), weights[i], gradient);
                            gradient.subi(gradient);
                        }
                    }
                }
                String line = String.format(Locale.ROOT, "%sepoch %d/%d loss %.4f", who, epoch, config.epochs(),
                        lossSum / predictions);
                if (!valid.isEmpty()) {
                    Metrics metrics = Evaluator.evaluate(view(current, m, popularity), n, valid);
                    history.add(metrics);
                    line += String.format(Locale.ROOT, " valid ndcg@10 %.4f", metrics.ndcg10());
                    if (metrics.ndcg10() > bestNdcg) {
                        bestNdcg = metrics.ndcg10();
                        bestEpoch = epoch;
                        best = values(weights);
                    }
                }
                listener.note(name(), line);
                listener.progressed(name(), (long) k * config.epochs() + epoch, total());
                if (patience > 0 && best != null && epoch - bestEpoch >= patience) {
                    listener.note(name(), who + "stopped: no better validation score for " + patience
                            + " epochs; keeping epoch " + bestEpoch);
                    break;
                }
            }
            return best != null ? best : values(weights);
        } finally {
            Torch.TRAINING.unlock();
        }
    }

    /** A read-only recommender over the weights being trained, for validation between epochs. */
    private Recommender view(Network[] networks, NDManager manager, float[] popularity) {
        SasRec outer = this;
        return new Recommender() {
            @Override
            public String name() {
                return outer.name();
            }

            @Override
            public void fit(TrainingSet data, TrainingListener listener) {
                throw new UnsupportedOperationException("a view of a model in training");
            }

            @Override
            public void score(int[] history, float[] out) {
                scoreBatch(new int[][] {history}, new float[][] {out});
            }

            @Override
            public void scoreBatch(int[][] histories, float[][] out) {
                outer.scoreWith(networks, manager, popularity, histories, out);
            }

            @Override
            public Map<String, Object> parameters() {
                return outer.parameters();
            }

            @Override
            public void write(OutputStream out) {
                throw new UnsupportedOperationException("a view of a model in training");
            }
        };
    }

    /** Validation metrics after each epoch, per member, of the last {@link #fit} that had validation cases. */
    List<List<Metrics>> validationHistory() {
        return validationHistory.stream().map(List::copyOf).toList();
    }

    private static float[][] values(NDArray[] arrays) {
        float[][] v = new float[arrays.length][];
        for (int i = 0; i < arrays.length; i++) {
            v[i] = arrays[i].toFloatArray();
        }
        return v;
    }

    private static float[] popularity(TrainingSet data) {
        float[] pop = new float[data.itemCount()];
        for (int[] s : data.sequences()) {
            for (int i : s) {
                if (i >= 0 && i < pop.length) {
                    pop[i]++;
                }
            }
        }
        return pop;
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> m = new LinkedHashMap<>(config.asMap());
        m.put("seed", seed);
        return m;
    }

    @Override
    public void write(OutputStream out) throws IOException {
        Trained t = trained;
        if (t == null) {
            throw new IllegalStateException("sasrec is not trained: nothing to write");
        }
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(FORMAT);
        d.writeInt(config.hidden());
        d.writeInt(config.blocks());
        d.writeInt(config.heads());
        d.writeInt(config.maxLength());
        d.writeFloat(config.dropout());
        d.writeFloat(config.learningRate());
        d.writeInt(config.batchSize());
        d.writeInt(config.epochs());
        d.writeInt(config.members());
        d.writeLong(seed);
        d.writeInt(t.popularity.length);
        RecommenderFormats.writeFloats(d, t.popularity);
        for (float[][] member : t.weights) {
            for (float[] w : member) {
                RecommenderFormats.writeFloats(d, w);
            }
        }
        d.flush();
    }

    /** Reads what {@link #write} wrote (the body after the artifact header); the header's parameters are a copy. */
    public static Recommender read(Map<String, Object> parameters, DataInputStream in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("sasrec body format " + format + " is not " + FORMAT);
        }
        SasRecConfig config;
        try {
            config = new SasRecConfig(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readFloat(),
                    in.readFloat(), in.readInt(), in.readInt(), in.readInt());
        } catch (IllegalArgumentException e) {
            throw new IOException("sasrec configuration: " + e.getMessage(), e);
        }
        long seed = in.readLong();
        int n = in.readInt();
        if (n <= 0) {
            throw new IOException("sasrec item count " + n);
        }
        float[] popularity = RecommenderFormats.readFloats(in);
        if (popularity.length != n) {
            throw new IOException("sasrec popularity has " + popularity.length + " values for " + n + " items");
        }
        List<Network.Spec> specs = Network.layout(config, n);
        float[][][] weights = new float[config.members()][specs.size()][];
        for (float[][] member : weights) {
            for (int i = 0; i < member.length; i++) {
                member[i] = RecommenderFormats.readFloats(in);
                if (member[i].length != specs.get(i).size()) {
                    throw new IOException("sasrec " + specs.get(i).name() + " has " + member[i].length
                            + " values, expected " + specs.get(i).size());
                }
            }
        }
        SasRec model = new SasRec(config, seed);
        model.trained = new Trained(config, n, weights, popularity);
        return model;
    }

    /** Frees the native copy of the weights; the model cannot score afterwards. Not to be called while scoring. */
    @Override
    public void close() {
        Trained t = trained;
        trained = null;
        if (t != null) {
            t.close();
        }
    }

    /** Number of native arrays the trained model holds; for tests that check that scoring frees what it makes. */
    int nativeArrays() {
        Trained t = trained;
        return t == null ? 0 : t.manager.getManagedArrays().size();
    }

    /** The trained weights, held both as Java arrays (for writing) and as native arrays (for scoring). */
    private static final class Trained implements AutoCloseable {
        final float[][][] weights;
        final float[] popularity;
        final NDManager manager;
        final Network[] networks;
        final Cleaner.Cleanable cleanable;

        Trained(SasRecConfig config, int itemCount, float[][][] weights, float[] popularity) {
            this.weights = weights;
            this.popularity = popularity;
            NDManager m = Torch.engine().newBaseManager();
            this.manager = m;
            List<Network.Spec> specs = Network.layout(config, itemCount);
            this.networks = new Network[weights.length];
            for (int k = 0; k < weights.length; k++) {
                networks[k] = new Network(config, itemCount, Network.toArrays(m, specs, weights[k]));
            }
            // The action holds the manager only, never this object, so the model can become garbage.
            this.cleanable = CLEANER.register(this, m::close);
        }

        @Override
        public void close() {
            cleanable.clean();
        }
    }
}
