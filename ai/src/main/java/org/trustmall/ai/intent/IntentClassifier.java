package org.trustmall.ai.intent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.trustmall.ai.AiException;
import org.trustmall.ai.text.TextEmbedder;

/**
 * Tells which known intent an utterance expresses, or that it expresses none the platform knows (out of scope).
 *
 * <p>Features: the encoder's L2-normalised sentence embedding, followed by hashed word and character n-gram TF-IDF
 * ({@link NgramFeatures}); the embedding carries meaning across paraphrases, the n-grams the exact words a small
 * frozen encoder blurs. Model: a multinomial logistic regression ({@link SoftmaxRegression}) over the known intents,
 * plus one class for out-of-scope utterances when out-of-scope training examples are given.
 *
 * <p>Calibration, on the validation examples (or, when none are given, on a stratified fifth of each intent's
 * training examples, held out before training and not trained on): a temperature that divides the scores, chosen on a
 * grid to minimise the negative log-likelihood; then the rejection threshold on the calibrated probability of the
 * best known intent.
 * With out-of-scope validation utterances, the threshold maximises the number of validation utterances handled
 * right: in-scope ones accepted with their intent (a rejected one is an error) plus out-of-scope ones rejected, each
 * utterance counting once, as in CLINC150's overall accuracy (ties go to the lower threshold). Without them, it
 * is the confidence below which {@value #HELD_OUT_REJECTION_PERCENT}% of the in-scope validation utterances lie.
 * An utterance is rejected when its best known intent's confidence is under the threshold, or when the out-of-scope
 * class (if trained) is the most likely class.
 *
 * <p>Thread-safe and immutable after training. Training is deterministic: the same embedder, data and seed give the
 * same model and so the same predictions.
 */
public final class IntentClassifier {
    /** Without out-of-scope validation data, the share of in-scope validation utterances the threshold rejects. */
    public static final int HELD_OUT_REJECTION_PERCENT = 5;

    /**
     * Chosen on CLINC150's validation split (never its test split) by the threshold criterion below, among 12 or 20
     * epochs, steps 0.2 or 0.4, L2 1e-6 or 1e-5, n-gram scale 1 or 0.6, with and without the out-of-scope class:
     * 12 epochs, step 0.2, L2 1e-6, n-grams at 0.6 of the embedding's scale (and the out-of-scope class when given).
     */
    static final SoftmaxRegression.Settings DEFAULT_SETTINGS =
            new SoftmaxRegression.Settings(12, 0.2, 1e-6, 1, 0.6);

    private static final double HOLD_OUT_SHARE = 0.2;

    private final TextEmbedder embedder;
    private final NgramFeatures ngrams;
    private final SoftmaxRegression model;
    private final SoftmaxRegression.Settings settings;
    private final List<String> classes;
    private final int outOfScopeClass;
    private final double temperature;
    private final double threshold;
    private final Calibration calibration;

    /**
     * What calibration used and found.
     *
     * @param heldOut          true when the calibration examples were held out of the training examples
     * @param inScope          in-scope utterances calibrated on
     * @param outOfScope       out-of-scope utterances calibrated on
     * @param inScopeAccuracy  in-scope accuracy on them at the threshold (rejections are errors)
     * @param outOfScopeRecall share of the out-of-scope ones rejected at the threshold (NaN without any)
     * @param rule             how the threshold was chosen, in words
     */
    public record Calibration(boolean heldOut, int inScope, int outOfScope, double inScopeAccuracy,
                              double outOfScopeRecall, String rule) {
    }

    /**
     * Everything training can use. Only {@code train} is required; out-of-scope training utterances become a class
     * of their own; validation lists may be empty (see the class comment).
     */
    public record Data(List<IntentExample> train, List<String> trainOutOfScope, List<IntentExample> validation,
                       List<String> validationOutOfScope) {
        public Data {
            train = List.copyOf(Objects.requireNonNull(train, "train"));
            trainOutOfScope = List.copyOf(Objects.requireNonNull(trainOutOfScope, "trainOutOfScope"));
            validation = List.copyOf(Objects.requireNonNull(validation, "validation"));
            validationOutOfScope = List.copyOf(Objects.requireNonNull(validationOutOfScope, "validationOutOfScope"));
        }
    }

    /** Told what training is doing: a stage name and how far through it, in that stage's own units. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (stage, done, total) -> { };

        void progressed(String stage, long done, long total);
    }

    private IntentClassifier(TextEmbedder embedder, NgramFeatures ngrams, SoftmaxRegression model,
                             SoftmaxRegression.Settings settings, List<String> classes, int outOfScopeClass,
                             double temperature, double threshold, Calibration calibration) {
        this.embedder = embedder;
        this.ngrams = ngrams;
        this.model = model;
        this.settings = settings;
        this.classes = classes;
        this.outOfScopeClass = outOfScopeClass;
        this.temperature = temperature;
        this.threshold = threshold;
        this.calibration = calibration;
    }

    /** Trains on known intents only, calibrating on the validation lists (or on held-out training examples). */
    public static IntentClassifier train(TextEmbedder embedder, List<IntentExample> train,
                                         List<IntentExample> validation, List<String> validationOutOfScope,
                                         long seed) {
        return train(embedder, new Data(train, List.of(), validation, validationOutOfScope), seed, Listener.NONE);
    }

    /** Trains on {@code data}; see the class comment. */
    public static IntentClassifier train(TextEmbedder embedder, Data data, long seed, Listener listener) {
        return train(embedder, data, seed, listener, DEFAULT_SETTINGS);
    }

    static IntentClassifier train(TextEmbedder embedder, Data data, long seed, Listener listener,
                                  SoftmaxRegression.Settings settings) {
        Objects.requireNonNull(embedder, "embedder");
        check(data);
        List<IntentExample> train = data.train();
        List<IntentExample> validation = data.validation();
        boolean heldOut = validation.isEmpty();
        if (heldOut) {
            List<List<IntentExample>> split = holdOut(train, seed);
            train = split.get(0);
            validation = split.get(1);
            if (validation.isEmpty()) {
                throw new AiException("cannot calibrate: no validation examples were given and no intent has the "
                        + "2 training examples needed to hold one out");
            }
        }
        List<String> classes = new ArrayList<>(new TreeSet<>(train.stream().map(IntentExample::label).toList()));
        for (IntentExample v : validation) {
            if (!classes.contains(v.label())) {
                throw new AiException("validation example \"" + v.text() + "\" has intent '" + v.label()
                        + "', which has no training examples");
            }
        }
        int oosClass = -1;
        if (!data.trainOutOfScope().isEmpty()) {
            oosClass = classes.size();
            classes.add("<out-of-scope>");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            index.put(classes.get(c), c);
        }

        List<String> texts = new ArrayList<>();
        train.forEach(e -> texts.add(e.text()));
        texts.addAll(data.trainOutOfScope());
        int[] labels = new int[texts.size()];
        for (int i = 0; i < train.size(); i++) {
            labels[i] = index.get(train.get(i).label());
        }
        Arrays.fill(labels, train.size(), labels.length, oosClass);

        NgramFeatures ngrams = NgramFeatures.fit(texts);
        SoftmaxRegression.Row[] rows = rows(embedder, ngrams, settings, texts, listener, "embedding training texts");
        SoftmaxRegression model = SoftmaxRegression.train(rows, labels, classes.size(), settings, seed,
                (done, total) -> listener.progressed("training", done, total));

        listener.progressed("calibrating", 0, 1);
        List<String> calibrationTexts = new ArrayList<>();
        validation.forEach(e -> calibrationTexts.add(e.text()));
        calibrationTexts.addAll(data.validationOutOfScope());
        SoftmaxRegression.Row[] calibrationRows = rows(embedder, ngrams, settings, calibrationTexts, Listener.NONE, "");
        double[][] logits = new double[calibrationRows.length][];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = model.logits(calibrationRows[i]);
        }
        int[] truth = new int[logits.length];
        for (int i = 0; i < validation.size(); i++) {
            truth[i] = index.get(validation.get(i).label());
        }
        Arrays.fill(truth, validation.size(), truth.length, oosClass);
        double temperature = temperature(logits, truth);

        int inScope = validation.size();
        Scored[] scored = new Scored[logits.length];
        for (int i = 0; i < logits.length; i++) {
            scored[i] = score(logits[i], temperature, oosClass);
        }
        Threshold chosen = data.validationOutOfScope().isEmpty()
                ? percentileThreshold(scored, inScope)
                : pooledThreshold(scored, truth, inScope);
        Calibration calibration = new Calibration(heldOut, inScope, logits.length - inScope,
                chosen.inScopeAccuracy(), chosen.outOfScopeRecall(), chosen.rule());
        listener.progressed("calibrating", 1, 1);
        return new IntentClassifier(embedder, ngrams, model, settings, List.copyOf(classes), oosClass, temperature,
                chosen.value(), calibration);
    }

    private static void check(Data data) {
        if (data.train().isEmpty()) {
            throw new AiException("cannot train an intent classifier on no examples");
        }
        for (int i = 0; i < data.train().size(); i++) {
            IntentExample e = data.train().get(i);
            if (e.label().isBlank()) {
                throw new AiException("training example " + (i + 1) + " (\"" + e.text() + "\") has an empty intent");
            }
            if (e.text().isBlank()) {
                throw new AiException("training example " + (i + 1) + " of intent '" + e.label()
                        + "' has an empty text");
            }
        }
        for (int i = 0; i < data.validation().size(); i++) {
            if (data.validation().get(i).text().isBlank()) {
                throw new AiException("validation example " + (i + 1) + " has an empty text");
            }
        }
        if (data.train().stream().map(IntentExample::label).distinct().count() < 2
                && data.trainOutOfScope().isEmpty()) {
            throw new AiException("cannot train an intent classifier on a single intent ('"
                    + data.train().get(0).label() + "'): give at least two, or out-of-scope examples");
        }
    }

    /** A stratified {@link #HOLD_OUT_SHARE} of each intent with at least two examples, drawn with the seed. */
    static List<List<IntentExample>> holdOut(List<IntentExample> train, long seed) {
        Map<String, List<IntentExample>> byLabel = new TreeMap<>();
        for (IntentExample e : train) {
            byLabel.computeIfAbsent(e.label(), k -> new ArrayList<>()).add(e);
        }
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<IntentExample> kept = new ArrayList<>();
        List<IntentExample> held = new ArrayList<>();
        for (List<IntentExample> group : byLabel.values()) {
            List<IntentExample> shuffled = new ArrayList<>(group);
            Collections.shuffle(shuffled, new java.util.Random(random.nextLong()));
            int n = group.size() < 2 ? 0 : Math.max(1, (int) Math.round(group.size() * HOLD_OUT_SHARE));
            held.addAll(shuffled.subList(0, n));
            kept.addAll(shuffled.subList(n, shuffled.size()));
        }
        return List.of(kept, held);
    }

    private static SoftmaxRegression.Row[] rows(TextEmbedder embedder, NgramFeatures ngrams,
                                                SoftmaxRegression.Settings settings, List<String> texts,
                                                Listener listener, String stage) {
        SoftmaxRegression.Row[] rows = new SoftmaxRegression.Row[texts.size()];
        int chunk = 512;
        for (int from = 0; from < texts.size(); from += chunk) {
            listener.progressed(stage, from, texts.size());
            List<String> part = texts.subList(from, Math.min(texts.size(), from + chunk));
            float[][] vectors = embedder.embed(part);
            for (int i = 0; i < part.size(); i++) {
                rows[from + i] = row(vectors[i], ngrams.vector(part.get(i)), settings);
            }
        }
        listener.progressed(stage, texts.size(), texts.size());
        return rows;
    }

    private static SoftmaxRegression.Row row(float[] embedding, NgramFeatures.Sparse sparse,
                                             SoftmaxRegression.Settings settings) {
        float[] dense = new float[embedding.length];
        for (int k = 0; k < dense.length; k++) {
            dense[k] = (float) (embedding[k] * settings.denseScale());
        }
        float[] values = sparse.value().clone();
        for (int k = 0; k < values.length; k++) {
            values[k] *= (float) settings.sparseScale();
        }
        return new SoftmaxRegression.Row(dense, new NgramFeatures.Sparse(sparse.index(), values));
    }

    /**
     * The temperature, on a log grid from 0.05 to 20 of which only the points from 0.5 up are tried, that minimises
     * the negative log-likelihood. The floor keeps a small calibration set that the model separates perfectly from
     * driving the temperature to the bottom of the grid and every confidence to 1.
     */
    static double temperature(double[][] logits, int[] truth) {
        double best = 1;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int s = 0; s <= 120; s++) {
            double t = 0.05 * Math.pow(400, s / 120.0);
            if (t < 0.5) {
                continue;
            }
            double loss = 0;
            int counted = 0;
            for (int i = 0; i < logits.length; i++) {
                if (truth[i] < 0) {
                    continue;
                }
                double[] p = scaled(logits[i], t);
                loss -= Math.log(Math.max(p[truth[i]], 1e-300));
                counted++;
            }
            if (counted > 0 && loss < bestLoss) {
                bestLoss = loss;
                best = t;
            }
        }
        return best;
    }

    private static double[] scaled(double[] logits, double temperature) {
        double[] p = new double[logits.length];
        for (int c = 0; c < p.length; c++) {
            p[c] = logits[c] / temperature;
        }
        SoftmaxRegression.softmaxInPlace(p);
        return p;
    }

    /** The best known intent, its calibrated probability, and whether the out-of-scope class won outright. */
    private record Scored(int best, double confidence, boolean outOfScopeWins) {
    }

    private static Scored score(double[] logits, double temperature, int oosClass) {
        double[] p = scaled(logits, temperature);
        int best = -1;
        for (int c = 0; c < p.length; c++) {
            if (c != oosClass && (best < 0 || p[c] > p[best])) {
                best = c;
            }
        }
        return new Scored(best, p[best], oosClass >= 0 && p[oosClass] > p[best]);
    }

    private record Threshold(double value, double inScopeAccuracy, double outOfScopeRecall, String rule) {
    }

    /**
     * Scans every distinct confidence as a threshold; keeps the one that handles the most validation utterances
     * right (in-scope ones accepted with their intent, out-of-scope ones rejected; each counts once).
     */
    private static Threshold pooledThreshold(Scored[] scored, int[] truth, int inScope) {
        TreeSet<Double> candidates = new TreeSet<>();
        candidates.add(0.0);
        for (Scored s : scored) {
            candidates.add(s.confidence());
        }
        Threshold best = null;
        int bestRight = -1;
        for (double t : candidates) {
            int correct = 0;
            int rejected = 0;
            for (int i = 0; i < scored.length; i++) {
                boolean accepted = accepted(scored[i], t);
                if (i < inScope) {
                    correct += accepted && scored[i].best() == truth[i] ? 1 : 0;
                } else {
                    rejected += accepted ? 0 : 1;
                }
            }
            if (correct + rejected > bestRight) {
                bestRight = correct + rejected;
                best = new Threshold(t, inScope == 0 ? Double.NaN : (double) correct / inScope,
                        (double) rejected / (scored.length - inScope), "maximises the validation utterances handled "
                        + "right (in-scope accepted with their intent, out-of-scope rejected)");
            }
        }
        return best;
    }

    private static Threshold percentileThreshold(Scored[] scored, int inScope) {
        double[] confidences = new double[inScope];
        for (int i = 0; i < inScope; i++) {
            confidences[i] = scored[i].confidence();
        }
        Arrays.sort(confidences);
        int k = (int) Math.floor(inScope * HELD_OUT_REJECTION_PERCENT / 100.0);
        double t = confidences[Math.min(k, inScope - 1)];
        return new Threshold(t, Double.NaN, Double.NaN, "the in-scope validation confidence below which "
                + HELD_OUT_REJECTION_PERCENT + "% lie (no out-of-scope validation data)");
    }

    private static boolean accepted(Scored s, double threshold) {
        return !s.outOfScopeWins() && s.confidence() >= threshold;
    }

    /** The intent of one utterance, or its rejection as out of scope. */
    public IntentPrediction classify(String text) {
        return classifyAll(List.of(text)).get(0);
    }

    /** The intents of many utterances, embedded in batches; in order. */
    public List<IntentPrediction> classifyAll(List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            Objects.requireNonNull(texts.get(i), "text " + i);
        }
        SoftmaxRegression.Row[] rows = rows(embedder, ngrams, settings, texts, Listener.NONE, "");
        List<IntentPrediction> out = new ArrayList<>(rows.length);
        for (SoftmaxRegression.Row row : rows) {
            Scored s = score(model.logits(row), temperature, outOfScopeClass);
            out.add(new IntentPrediction(classes.get(s.best()), s.confidence(), !accepted(s, threshold)));
        }
        return out;
    }

    /** The same model with another rejection threshold (to trace the accuracy and recall it trades). */
    IntentClassifier withThreshold(double other) {
        return new IntentClassifier(embedder, ngrams, model, settings, classes, outOfScopeClass, temperature, other,
                calibration);
    }

    /** The calibrated confidence under which an utterance is rejected as out of scope. */
    public double threshold() {
        return threshold;
    }

    /** The temperature that divides the scores before the softmax. */
    public double temperature() {
        return temperature;
    }

    /** The known intents, sorted. */
    public Set<String> labels() {
        Set<String> out = new LinkedHashSet<>(classes);
        if (outOfScopeClass >= 0) {
            out.remove(classes.get(outOfScopeClass));
        }
        return Collections.unmodifiableSet(out);
    }

    /** The name of the sentence encoder the classifier was trained with. */
    public String encoder() {
        return embedder.name();
    }

    /** Whether out-of-scope training utterances formed a class of their own. */
    public boolean hasOutOfScopeClass() {
        return outOfScopeClass >= 0;
    }

    public Calibration calibration() {
        return calibration;
    }
}
