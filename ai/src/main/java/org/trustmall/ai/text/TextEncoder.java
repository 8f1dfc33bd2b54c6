package org.trustmall.ai.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.trustmall.ai.AiException;

/**
 * Runs an {@link EncoderModel} in process with onnxruntime and the HuggingFace tokenizer (native code from the Maven
 * jars; nothing is downloaded). Texts are tokenized together, ordered by length and run in batches padded to the
 * longest text of the batch, with an attention mask; the token vectors are pooled over the mask and L2-normalised.
 *
 * <p>Thread-safe: one {@link OrtSession} serves every caller (onnxruntime allows concurrent runs), with as many
 * intra-op threads as the machine has cores. Deterministic for a given list of texts. A text's vector can differ in
 * the last digits with the texts it is batched with, because a quantised model scales its activations per batch
 * (cosine between the two stays above 0.999).
 */
public final class TextEncoder implements TextEmbedder, AutoCloseable {
    /** Texts per onnxruntime run unless said otherwise: large enough to keep the cores busy, short to pad little. */
    public static final int DEFAULT_BATCH = 32;

    private final EncoderModel model;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean takesTypeIds;
    private final int batchSize;
    private final int dimension;

    /**
     * A batch of tokenized texts as the model takes it: {@code rows} texts padded to {@code columns} tokens, arrays
     * row-major.
     *
     * @param positions each row's index in the list that was tokenized
     * @param columns   tokens per row (the longest text of the batch)
     * @param ids       token ids, 0 where padded
     * @param mask      1 for a real token, 0 for padding
     * @param typeIds   segment ids (all 0 for single texts)
     */
    public record TokenBatch(int[] positions, int columns, long[] ids, long[] mask, long[] typeIds) {
        public int rows() {
            return positions.length;
        }

        /** The shape of each input tensor. */
        public long[] shape() {
            return new long[] {positions.length, columns};
        }
    }

    private TextEncoder(EncoderModel model, OrtEnvironment environment, OrtSession session,
                        HuggingFaceTokenizer tokenizer, int batchSize) throws OrtException {
        this.model = model;
        this.environment = environment;
        this.session = session;
        this.tokenizer = tokenizer;
        this.batchSize = batchSize;
        this.takesTypeIds = session.getInputNames().contains("token_type_ids");
        this.dimension = hiddenSize(session).orElseGet(() -> embed(List.of("probe"))[0].length);
    }

    /** Opens the model with {@link #DEFAULT_BATCH} texts per run and one intra-op thread per core. */
    public static TextEncoder open(EncoderModel model) {
        return open(model, DEFAULT_BATCH, Runtime.getRuntime().availableProcessors());
    }

    /** Opens the model with {@code batchSize} texts per run and {@code threads} intra-op threads. */
    public static TextEncoder open(EncoderModel model, int batchSize, int threads) {
        if (batchSize < 1 || threads < 1) {
            throw new IllegalArgumentException("batchSize and threads must be positive");
        }
        OrtSession session = null;
        HuggingFaceTokenizer tokenizer = null;
        try {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = sessionOptions(threads)) {
                session = environment.createSession(model.onnxShared(), options);
            }
            tokenizer = tokenizer(model);
            return new TextEncoder(model, environment, session, tokenizer, batchSize);
        } catch (OrtException | IOException | RuntimeException e) {
            closeQuietly(session, tokenizer);
            throw new AiException("cannot open text encoder " + model.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The session options the encoder runs with: {@code threads} intra-op threads that sleep rather than spin when
     * idle, sequential execution, every graph optimisation. Public so that a benchmark can run the same model raw under the same conditions. The caller
     * closes them once the session is created.
     */
    public static OrtSession.SessionOptions sessionOptions(int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        // Idle pool threads would otherwise spin for work, taking cores from the rest of the process (and from any
        // other session in it) between runs.
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    private static HuggingFaceTokenizer tokenizer(EncoderModel model) throws IOException {
        // DJL's tokenizer factory asks the cloud metadata service who runs it and reports that home, unless told not
        // to (and blocks for seconds where no such service answers). The platform reports nothing anywhere.
        System.setProperty("OPT_OUT_TRACKING", "true");
        Map<String, String> options = new HashMap<>();
        options.put("addSpecialTokens", "true");
        options.put("padding", "false"); // padded per batch here, to the batch's longest text
        options.put("truncation", "true");
        options.put("maxLength", Integer.toString(model.maxTokens()));
        options.put("modelMaxLength", Integer.toString(model.maxTokens()));
        byte[] json = model.tokenizerJson().getBytes(StandardCharsets.UTF_8);
        return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), options);
    }

    private static Optional<Integer> hiddenSize(OrtSession session) throws OrtException {
        NodeInfo out = session.getOutputInfo().values().iterator().next();
        if (out.getInfo() instanceof TensorInfo t && t.getShape().length == 3 && t.getShape()[2] > 0) {
            return Optional.of((int) t.getShape()[2]);
        }
        return Optional.empty();
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    public int batchSize() {
        return batchSize;
    }

    public EncoderModel model() {
        return model;
    }

    @Override
    public float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (TokenBatch batch : tokenize(texts)) {
            float[][] vectors = embed(batch);
            for (int r = 0; r < vectors.length; r++) {
                out[batch.positions()[r]] = vectors[r];
            }
        }
        return out;
    }

    /**
     * The batches {@link #embed(List)} runs for these texts: tokenized with truncation, ordered by token count (ties
     * by position, so the same list always gives the same batches), {@link #batchSize} texts each.
     */
    public List<TokenBatch> tokenize(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        String[] array = new String[texts.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = Objects.requireNonNull(texts.get(i), "text " + i);
        }
        Encoding[] encodings = tokenizer.batchEncode(array);
        Integer[] order = new Integer[encodings.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> encodings[i].getIds().length)
                .thenComparingInt(i -> i));
        List<TokenBatch> batches = new ArrayList<>((order.length + batchSize - 1) / batchSize);
        for (int from = 0; from < order.length; from += batchSize) {
            int rows = Math.min(batchSize, order.length - from);
            int[] positions = new int[rows];
            int columns = 0;
            for (int r = 0; r < rows; r++) {
                positions[r] = order[from + r];
                columns = Math.max(columns, encodings[positions[r]].getIds().length);
            }
            long[] ids = new long[rows * columns];
            long[] mask = new long[rows * columns];
            long[] types = new long[rows * columns];
            for (int r = 0; r < rows; r++) {
                Encoding e = encodings[positions[r]];
                System.arraycopy(e.getIds(), 0, ids, r * columns, e.getIds().length);
                System.arraycopy(e.getAttentionMask(), 0, mask, r * columns, e.getAttentionMask().length);
                System.arraycopy(e.getTypeIds(), 0, types, r * columns, e.getTypeIds().length);
            }
            batches.add(new TokenBatch(positions, columns, ids, mask, types));
        }
        return batches;
    }

    /** Runs one batch: one unit vector per row, in the batch's row order. */
    public float[][] embed(TokenBatch batch) {
        long[] shape = batch.shape();
        try (OnnxTensor ids = OnnxTensor.createTensor(environment, LongBuffer.wrap(batch.ids()), shape);
             OnnxTensor mask = OnnxTensor.createTensor(environment, LongBuffer.wrap(batch.mask()), shape);
             OnnxTensor types = OnnxTensor.createTensor(environment, LongBuffer.wrap(batch.typeIds()), shape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", ids);
            inputs.put("attention_mask", mask);
            if (takesTypeIds) {
                inputs.put("token_type_ids", types);
            }
            try (OrtSession.Result result = session.run(inputs)) {
                OnnxValue hidden = result.get(0);
                if (!(hidden instanceof OnnxTensor tensor)) {
                    throw new AiException(model.name() + ": first output is not a tensor");
                }
                return pool(tensor.getFloatBuffer(), batch);
            }
        } catch (OrtException e) {
            throw new AiException("text encoder " + model.name() + " failed: " + e.getMessage(), e);
        }
    }

    private float[][] pool(FloatBuffer hidden, TokenBatch batch) {
        int rows = batch.rows();
        int columns = batch.columns();
        int d = hidden.remaining() / (rows * columns);
        float[] all = new float[hidden.remaining()];
        hidden.get(all);
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            float[] v = new float[d];
            if (model.pooling() == EncoderModel.Pooling.CLS) {
                System.arraycopy(all, r * columns * d, v, 0, d);
            } else {
                int kept = 0;
                for (int t = 0; t < columns; t++) {
                    if (batch.mask()[r * columns + t] == 0) {
                        continue;
                    }
                    kept++;
                    int base = (r * columns + t) * d;
                    for (int k = 0; k < d; k++) {
                        v[k] += all[base + k];
                    }
                }
                for (int k = 0; k < d; k++) {
                    v[k] /= Math.max(kept, 1);
                }
            }
            out[r] = normalise(v);
        }
        return out;
    }

    static float[] normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum > 0) {
            float inv = (float) (1 / Math.sqrt(sum));
            for (int k = 0; k < v.length; k++) {
                v[k] *= inv;
            }
        }
        return v;
    }

    /** Releases the native session and tokenizer; the encoder must no longer be in use. */
    @Override
    public void close() {
        closeQuietly(session, tokenizer);
    }

    private static void closeQuietly(OrtSession session, HuggingFaceTokenizer tokenizer) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                // nothing more to release
            }
        }
        if (tokenizer != null) {
            tokenizer.close();
        }
    }
}
