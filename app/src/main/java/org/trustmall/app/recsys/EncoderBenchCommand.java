package org.trustmall.app.recsys;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.trustmall.ai.text.EncoderModel;
import org.trustmall.ai.text.TextEncoder;
import org.trustmall.app.cli.Errors;
import org.trustmall.app.cli.Json;
import org.trustmall.app.cli.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code trustmall recsys bench-encoder}: how fast the in-process text encoder turns item titles into vectors,
 * beside raw onnxruntime running the very same pre-tokenized batches with the same session options in the same run.
 * The two alternate batch by batch (so that load from elsewhere on the machine falls on both alike); each round
 * covers every text once, and the median round of each is reported. The ratio is the cost of what the encoder adds
 * to inference: tokenizing, padding, pooling and normalising.
 */
@Command(name = "bench-encoder", mixinStandardHelpOptions = true,
        description = {"Encoder throughput (texts/s) with all-MiniLM-L6-v2 against raw onnxruntime batched inference "
                + "on the same texts, and their ratio.",
                "Texts: the amazon-scientific item texts from ../shared when present, or --input (one per line)."})
public final class EncoderBenchCommand implements Callable<Integer> {
    private static final String SCIENTIFIC = "datasets/amazon-scientific/Scientific.text";

    @Spec
    CommandSpec spec;
    @Option(names = "--texts", defaultValue = "1000", description = "How many texts (default: ${DEFAULT-VALUE}; "
            + "fewer when the input has fewer).")
    int texts;
    @Option(names = "--batch", defaultValue = "32", description = "Texts per onnxruntime run (default: "
            + "${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--rounds", defaultValue = "3", description = "Timed rounds over all the texts (default: "
            + "${DEFAULT-VALUE}).")
    int rounds;
    @Option(names = "--threads", description = "onnxruntime intra-op threads (default: the number of cores).")
    Integer threads;
    @Option(names = "--input", description = "A UTF-8 file with one text per line (blank lines skipped).")
    Path input;
    @Option(names = "--json", description = "Print JSON only.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        int cores = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (texts < 1 || texts > 1_000_000 || batch < 1 || batch > 1024 || rounds < 1 || rounds > 20 || cores < 1
                || cores > 1024) {
            throw new Errors.UsageException("options out of range: --texts 1-1000000, --batch 1-1024, --rounds 1-20, "
                    + "--threads 1-1024");
        }
        Source source = load();
        List<String> sample = source.texts().subList(0, Math.min(texts, source.texts().size()));
        Progress progress = new Progress(spec.commandLine().getErr(), !json && Progress.terminal());
        EncoderModel model = EncoderModel.allMiniLmL6V2();
        Figures f;
        try (TextEncoder encoder = TextEncoder.open(model, batch, cores);
             OrtSession.SessionOptions options = TextEncoder.sessionOptions(cores);
             OrtSession raw = OrtEnvironment.getEnvironment().createSession(model.onnx(), options)) {
            f = measure(encoder, raw, sample, progress);
        }
        print(source, sample.size(), cores, f);
        return 0;
    }

    /** Seconds per round of each path, and the batches' shape. */
    private record Figures(double[] encoderSeconds, double[] rawSeconds, int batches, double meanTokens) {
    }

    private Figures measure(TextEncoder encoder, OrtSession raw, List<String> sample, Progress progress)
            throws OrtException {
        List<TextEncoder.TokenBatch> batches = encoder.tokenize(sample);
        boolean typeIds = raw.getInputNames().contains("token_type_ids");
        long tokens = 0;
        for (TextEncoder.TokenBatch b : batches) {
            for (long m : b.mask()) {
                tokens += m;
            }
        }
        // Warm both paths up (first runs allocate and pick kernels) on a couple of batches.
        encoder.embed(sample.subList(0, Math.min(sample.size(), 2 * batch)));
        runRaw(raw, batches.subList(0, Math.min(2, batches.size())), typeIds);
        List<List<String>> texts = new ArrayList<>();
        for (TextEncoder.TokenBatch b : batches) {
            List<String> t = new ArrayList<>(b.rows());
            for (int p : b.positions()) {
                t.add(sample.get(p));
            }
            texts.add(t);
        }
        double[] enc = new double[rounds];
        double[] rawSeconds = new double[rounds];
        progress.begin("encoder", (long) rounds * batches.size());
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < batches.size(); i++) {
                // Batch by batch, alternating which path goes first, so that load from elsewhere on the machine
                // falls on both alike. The encoder gets the batch's texts and forms the very same batch from them.
                List<TextEncoder.TokenBatch> one = batches.subList(i, i + 1);
                if ((r + i) % 2 == 0) {
                    enc[r] += timeEncoder(encoder, texts.get(i));
                    rawSeconds[r] += timeRaw(raw, one, typeIds);
                } else {
                    rawSeconds[r] += timeRaw(raw, one, typeIds);
                    enc[r] += timeEncoder(encoder, texts.get(i));
                }
                progress.update((long) r * batches.size() + i + 1);
            }
        }
        progress.end();
        return new Figures(enc, rawSeconds, batches.size(), tokens / (double) sample.size());
    }

    private static double timeEncoder(TextEncoder encoder, List<String> sample) {
        long t0 = System.nanoTime();
        float[][] v = encoder.embed(sample);
        long t1 = System.nanoTime();
        if (v.length != sample.size()) {
            throw new IllegalStateException("encoder returned " + v.length + " vectors");
        }
        return (t1 - t0) / 1e9;
    }

    private static double timeRaw(OrtSession raw, List<TextEncoder.TokenBatch> batches, boolean typeIds)
            throws OrtException {
        long t0 = System.nanoTime();
        runRaw(raw, batches, typeIds);
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The baseline: tensors from the pre-tokenized arrays, one run per batch, the hidden states read out. */
    private static void runRaw(OrtSession raw, List<TextEncoder.TokenBatch> batches, boolean typeIds)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        for (TextEncoder.TokenBatch b : batches) {
            long[] shape = b.shape();
            try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(b.ids()), shape);
                 OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(b.mask()), shape);
                 OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(b.typeIds()), shape)) {
                Map<String, OnnxTensor> inputs = new HashMap<>();
                inputs.put("input_ids", ids);
                inputs.put("attention_mask", mask);
                if (typeIds) {
                    inputs.put("token_type_ids", types);
                }
                try (OrtSession.Result result = raw.run(inputs)) {
                    FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                    if (!hidden.hasRemaining()) {
                        throw new IllegalStateException("empty output");
                    }
                }
            }
        }
    }

    private void print(Source source, int n, int cores, Figures f) {
        double encRate = n / median(f.encoderSeconds());
        double rawRate = n / median(f.rawSeconds());
        double ratio = encRate / rawRate;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Json.object();
            o.put("model", EncoderModel.ALL_MINILM_L6_V2_Q).put("source", source.name()).put("texts", n)
                    .put("batch", batch).put("batches", f.batches()).put("threads", cores).put("rounds", rounds)
                    .put("mean_tokens", round(f.meanTokens()))
                    .put("encoder_texts_per_s", round(encRate)).put("raw_texts_per_s", round(rawRate))
                    .put("ratio", Math.round(ratio * 1000) / 1000.0);
            ArrayNode e = o.putArray("encoder_round_seconds");
            Arrays.stream(f.encoderSeconds()).forEach(s -> e.add(round(s)));
            ArrayNode r = o.putArray("raw_round_seconds");
            Arrays.stream(f.rawSeconds()).forEach(s -> r.add(round(s)));
            Json.print(out, o);
        } else {
            out.printf(Locale.ROOT, "%d texts from %s, %.1f tokens each on average; batch %d, %d threads, %d rounds%n",
                    n, source.name(), f.meanTokens(), batch, cores, rounds);
            out.printf(Locale.ROOT, "text encoder (tokenize, run, pool):   %8.1f texts/s  (median round %.2f s)%n",
                    encRate, median(f.encoderSeconds()));
            out.printf(Locale.ROOT, "raw onnxruntime (same batches, run): %8.1f texts/s  (median round %.2f s)%n",
                    rawRate, median(f.rawSeconds()));
            out.printf(Locale.ROOT, "ratio %.3f (target: at least 0.90)%n", ratio);
        }
    }

    private record Source(String name, List<String> texts) {
    }

    private Source load() {
        if (input != null) {
            List<String> lines = readLines(input, "--input").stream().filter(l -> !l.isBlank()).toList();
            if (lines.isEmpty()) {
                throw new Errors.UsageException("--input " + input + ": no texts (the file has no non-blank line)");
            }
            return new Source(input.toString(), lines);
        }
        Path shared = Path.of(System.getProperty("trustmall.shared.dir", "../shared"));
        Path file = shared.resolve(SCIENTIFIC);
        if (!Files.isRegularFile(file)) {
            throw new Errors.UsageException("no texts: " + file + " is absent; give --input FILE (one text per line)");
        }
        List<String> out = new ArrayList<>();
        List<String> lines = readLines(file, "item texts");
        // RecBole .text file: a header, then ASIN <TAB> text.
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            int tab = lines.get(i).indexOf('\t');
            if (tab < 0) {
                throw new IllegalArgumentException(file + ", row " + (i + 1) + ": no tab between item id and text");
            }
            String text = lines.get(i).substring(tab + 1);
            if (!text.isBlank()) {
                out.add(text);
            }
        }
        return new Source("amazon-scientific", out);
    }

    private static List<String> readLines(Path file, String what) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new Errors.UsageException(what + " " + file + ": cannot read (no such file)");
        } catch (IOException e) {
            throw new Errors.UsageException(what + " " + file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
