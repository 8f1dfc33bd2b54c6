package org.trustmall.ai.recsys.content;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import org.trustmall.ai.AiException;
import org.trustmall.ai.recsys.Catalogue;
import org.trustmall.ai.recsys.Recommender;
import org.trustmall.ai.recsys.RecommenderFormats;
import org.trustmall.ai.recsys.TrainingListener;
import org.trustmall.ai.recsys.TrainingSet;
import org.trustmall.ai.text.EncoderModel;
import org.trustmall.ai.text.Encoders;
import org.trustmall.ai.text.TextEmbedder;

/**
 * The content model: every item's text is encoded once (all-MiniLM-L6-v2 unless told otherwise) into a unit
 * vector; a user's profile is the recency-weighted sum of their history's vectors (the item {@code k} places before
 * the last weighs {@code decay^k}), and an item scores the cosine between the profile and its vector. Items nobody
 * has bought yet score like any other (cold start), and {@link #addItem} brings a new product in by its text after
 * training. An empty history, or one of items without text, scores every item 0.
 *
 * <p>Scoring is thread-safe, also while items are added (the vectors are replaced, never changed in place).
 * Deterministic: the same item texts give the same vectors.
 */
public final class ContentSimilarity implements Recommender {
    /** Texts per call to the encoder during training: the step of the progress bar. */
    private static final int ENCODE_STEP = 1024;

    private final double decay;
    private final String encoderName;
    private final Supplier<TextEmbedder> encoder;
    private volatile Vectors items;

    /** Item vectors, row-major: item {@code i} is {@code values[i*dimension .. (i+1)*dimension)}. */
    private record Vectors(int count, int dimension, float[] values) {
    }

    /** The model over the process's shared, cached all-MiniLM-L6-v2 encoder (opened when first needed). */
    public ContentSimilarity(double decay) {
        this(decay, EncoderModel.ALL_MINILM_L6_V2_Q, () -> Encoders.shared(EncoderModel.ALL_MINILM_L6_V2_Q));
    }

    /** The model over a given encoder. */
    public ContentSimilarity(double decay, TextEmbedder encoder) {
        this(decay, encoder.name(), () -> encoder);
    }

    private ContentSimilarity(double decay, String encoderName, Supplier<TextEmbedder> encoder) {
        if (!(decay >= 0 && decay <= 1)) {
            throw new IllegalArgumentException("decay must be in [0, 1], not " + decay);
        }
        this.decay = decay;
        this.encoderName = encoderName;
        this.encoder = encoder;
    }

    /**
     * The configurations evaluation tries: recency decays around the best on Scientific's validation split (NDCG@10
     * 0.068, 0.071, 0.069 for 0.3, 0.5, 0.7; 0.066 for the last item alone, 0.056 for an unweighted mean). The item
     * vectors are computed once for all of them (the shared encoder caches them).
     */
    public static List<Catalogue.Candidate> candidates() {
        return DoubleStream.of(0.3, 0.5, 0.7)
                .mapToObj(decay -> new Catalogue.Candidate("content", "content(decay=" + decay + ")",
                        seed -> new ContentSimilarity(decay)))
                .toList();
    }

    @Override
    public String name() {
        return "content";
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of("decay", decay, "encoder", encoderName);
    }

    public double decay() {
        return decay;
    }

    /** How many items the model scores: the training catalogue plus the items added since. */
    public int itemCount() {
        return fitted().count();
    }

    @Override
    public void fit(TrainingSet data, TrainingListener listener) {
        List<String> texts = data.itemTexts();
        if (texts == null) {
            throw new AiException("the content model needs item text, and this data has none");
        }
        TextEmbedder embedder = encoder.get();
        int n = data.itemCount();
        int d = embedder.dimension();
        float[] values = new float[Math.multiplyExact(n, d)];
        List<Integer> withText = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String t = texts.get(i);
            if (t != null && !t.isBlank()) {
                withText.add(i);
            }
        }
        for (int from = 0; from < withText.size(); from += ENCODE_STEP) {
            List<Integer> step = withText.subList(from, Math.min(withText.size(), from + ENCODE_STEP));
            float[][] v = embedder.embed(step.stream().map(texts::get).toList());
            for (int k = 0; k < v.length; k++) {
                System.arraycopy(v[k], 0, values, step.get(k) * d, d);
            }
            listener.progressed(name(), from + step.size(), withText.size());
        }
        items = new Vectors(n, d, values);
    }

    @Override
    public void score(int[] history, float[] out) {
        Vectors v = fitted();
        float[] profile = profile(v, history);
        int n = Math.min(out.length, v.count());
        if (profile == null) {
            Arrays.fill(out, 0, n, 0f);
            return;
        }
        for (int j = 0; j < n; j++) {
            out[j] = dot(profile, v.values(), j * v.dimension());
        }
    }

    /** Scores the histories in parallel (each is independent; the item vectors are only read). */
    @Override
    public void scoreBatch(int[][] histories, float[][] out) {
        IntStream.range(0, histories.length).parallel().forEach(i -> score(histories[i], out[i]));
    }

    /** The score a product with this text would get for this history, without adding it to the catalogue. */
    public float score(int[] history, String text) {
        Vectors v = fitted();
        float[] profile = profile(v, history);
        return profile == null ? 0f : dot(profile, embed(text), 0);
    }

    /**
     * Adds a product by its text (a new listing the model has never seen) and returns its item index, the next
     * after the current {@link #itemCount}; from then on {@link #score} scores it with the others.
     */
    public synchronized int addItem(String text) {
        Vectors v = fitted();
        float[] vector = embed(text);
        float[] values = Arrays.copyOf(v.values(), v.values().length + v.dimension());
        System.arraycopy(vector, 0, values, v.values().length, v.dimension());
        items = new Vectors(v.count() + 1, v.dimension(), values);
        return v.count();
    }

    /** The unit vector of an item (a copy), for similar-item lists; zeros for an item without text. */
    public float[] vector(int item) {
        Vectors v = fitted();
        Objects.checkIndex(item, v.count());
        return Arrays.copyOfRange(v.values(), item * v.dimension(), (item + 1) * v.dimension());
    }

    private float[] embed(String text) {
        Objects.requireNonNull(text, "text");
        TextEmbedder embedder = encoder.get();
        float[] vector = text.isBlank() ? new float[embedder.dimension()] : embedder.embed(text);
        if (vector.length != fitted().dimension()) {
            throw new AiException("encoder " + embedder.name() + " gives " + vector.length + " dimensions, the model "
                    + "has " + fitted().dimension());
        }
        return vector;
    }

    /** The unit-length profile of a history, or null when none of its items has a vector. */
    private float[] profile(Vectors v, int[] history) {
        int d = v.dimension();
        float[] p = new float[d];
        double weight = 1;
        boolean any = false;
        for (int k = history.length - 1; k >= 0 && weight > 0; k--, weight *= decay) {
            int item = history[k];
            if (item < 0 || item >= v.count()) {
                continue;
            }
            int base = item * d;
            for (int t = 0; t < d; t++) {
                p[t] += (float) (weight * v.values()[base + t]);
            }
            any = true;
        }
        double norm = 0;
        for (float x : p) {
            norm += (double) x * x;
        }
        if (!any || norm == 0) {
            return null;
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int t = 0; t < d; t++) {
            p[t] *= inv;
        }
        return p;
    }

    private static float dot(float[] profile, float[] values, int offset) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int d = profile.length;
        int t = 0;
        for (; t + 3 < d; t += 4) {
            s0 += profile[t] * values[offset + t];
            s1 += profile[t + 1] * values[offset + t + 1];
            s2 += profile[t + 2] * values[offset + t + 2];
            s3 += profile[t + 3] * values[offset + t + 3];
        }
        for (; t < d; t++) {
            s0 += profile[t] * values[offset + t];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private Vectors fitted() {
        Vectors v = items;
        if (v == null) {
            throw new IllegalStateException("the content model is not trained");
        }
        return v;
    }

    @Override
    public void write(OutputStream out) throws IOException {
        Vectors v = fitted();
        DataOutputStream d = new DataOutputStream(out);
        d.writeUTF(encoderName);
        d.writeDouble(decay);
        d.writeInt(v.dimension());
        RecommenderFormats.writeFloats(d, v.values());
        d.flush();
    }

    /** Reads what {@link #write} wrote; the encoder (needed only to add or score new texts) is found by name. */
    public static Recommender read(Map<String, Object> parameters, DataInputStream in) throws IOException {
        String name = in.readUTF();
        double decay = in.readDouble();
        int d = in.readInt();
        float[] values = RecommenderFormats.readFloats(in);
        if (d <= 0 || values.length % d != 0 || !(decay >= 0 && decay <= 1)) {
            throw new IOException("inconsistent content model (dimension " + d + ", " + values.length + " values)");
        }
        ContentSimilarity model = new ContentSimilarity(decay, name, () -> Encoders.shared(name));
        model.items = new Vectors(values.length / d, d, values);
        return model;
    }
}
