package org.trustmall.app.assistant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.trustmall.ai.intent.IntentClassifier;
import org.trustmall.ai.intent.IntentCorpora;
import org.trustmall.ai.intent.IntentCorpus;
import org.trustmall.ai.intent.IntentEvaluation;
import org.trustmall.ai.text.Encoders;
import org.trustmall.ai.text.TextEmbedder;
import org.trustmall.app.cli.Errors;
import org.trustmall.app.cli.Json;
import org.trustmall.app.cli.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trustmall assistant eval-intents}: trains the intent classifier on a labelled data set, calibrates its
 * rejection threshold on validation data, and reports how it does on the test data. The work is
 * {@link IntentClassifier}'s and {@link IntentEvaluation}'s; this command reads the flags and formats the outcome.
 */
@Command(name = "eval-intents", mixinStandardHelpOptions = true,
        description = {"Trains the intent classifier (sentence embedding + hashed n-gram TF-IDF, softmax "
                + "regression, temperature-calibrated, with a rejection threshold chosen on validation) and "
                + "evaluates it. A rejected in-scope utterance counts as an error.",
                "CLINC150 (--clinc data_full.json): trains on train (+ oos_train as an out-of-scope class), "
                        + "calibrates on val + oos_val, prints in_scope_accuracy on test and oos_recall on oos_test.",
                "CSV (--train A.csv --test B.csv --text-col C --label-col L [--oos-label V]): a fifth of each "
                        + "intent's training rows (and of the out-of-scope ones) is held out for calibration; prints "
                        + "accuracy on the test rows (out-of-scope rows count as right only when rejected) and, with "
                        + "--oos-label, oos_recall."})
public final class EvalIntentsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--clinc", paramLabel = "FILE", description = "CLINC150's data_full.json.")
    Path clinc;

    @Option(names = "--train", paramLabel = "FILE.csv", description = "Training rows (CSV with a header).")
    Path train;

    @Option(names = "--test", paramLabel = "FILE.csv", description = "Test rows (CSV with the same columns).")
    Path test;

    @Option(names = "--text-col", paramLabel = "NAME", description = "The CSV column holding the utterance.")
    String textColumn;

    @Option(names = "--label-col", paramLabel = "NAME", description = "The CSV column holding the intent.")
    String labelColumn;

    @Option(names = "--oos-label", paramLabel = "VALUE",
            description = "The label value that marks an out-of-scope row in the CSV files.")
    String oosLabel;

    @Option(names = "--lang", defaultValue = "en", paramLabel = "LANG",
            description = "en (all-MiniLM-L6-v2) or zh (bge-small-zh-v1.5): the sentence encoder (default "
                    + "${DEFAULT-VALUE}).")
    String lang;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "Seeds training; the same seed and data give the same figures (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the result as JSON; no progress bar.")
    boolean json;

    /** The data as the classifier takes it, what to evaluate on, and how to describe it. */
    private record Plan(String source, IntentClassifier.Data data, IntentCorpus corpus, boolean csv) {
    }

    @Override
    public void run() {
        String language = lang.trim().toLowerCase(Locale.ROOT);
        if (!language.equals("en") && !language.equals("zh")) {
            throw new Errors.UsageException("unknown language '" + lang + "' in --lang; one of en, zh");
        }
        Plan plan = plan();
        TextEmbedder embedder = language.equals("zh") ? Encoders.bgeSmallZh() : Encoders.miniLm();
        Progress progress = new Progress(spec.commandLine().getErr(), !json && Progress.terminal());
        StageProgress stages = new StageProgress(progress);
        long start = System.nanoTime();
        IntentClassifier classifier = IntentClassifier.train(embedder, plan.data(), seed, stages);
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        stages.progressed("evaluating", 0, 1);
        IntentEvaluation result = IntentEvaluation.evaluate(classifier, plan.corpus().test(),
                plan.corpus().testOutOfScope());
        stages.progressed("evaluating", 1, 1);
        progress.end();
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode doc = toJson(plan, classifier, result, trainSeconds);
        if (json) {
            Json.print(out, doc);
        } else {
            table(out, plan, classifier, result, trainSeconds);
        }
    }

    private Plan plan() {
        boolean csvForm = train != null || test != null || textColumn != null || labelColumn != null
                || oosLabel != null;
        if (clinc != null && csvForm) {
            throw new Errors.UsageException("give either --clinc or the CSV options (--train, --test, --text-col, "
                    + "--label-col), not both");
        }
        if (clinc != null) {
            IntentCorpus c = IntentCorpora.clinc(clinc);
            return new Plan("clinc150", new IntentClassifier.Data(c.train(), c.trainOutOfScope(), c.validation(),
                    c.validationOutOfScope()), c, false);
        }
        List<String> missing = new ArrayList<>();
        if (train == null) {
            missing.add("--train");
        }
        if (test == null) {
            missing.add("--test");
        }
        if (textColumn == null) {
            missing.add("--text-col");
        }
        if (labelColumn == null) {
            missing.add("--label-col");
        }
        if (!missing.isEmpty()) {
            throw new Errors.UsageException(clinc == null && !csvForm
                    ? "give --clinc FILE, or --train, --test, --text-col and --label-col"
                    : "missing " + String.join(", ", missing) + " for the CSV form");
        }
        IntentCorpora.Labelled trainRows = IntentCorpora.csv(train, textColumn, labelColumn, oosLabel);
        IntentCorpora.Labelled testRows = IntentCorpora.csv(test, textColumn, labelColumn, oosLabel);
        // The classifier holds out a fifth of each intent for calibration; the out-of-scope rows are split alike.
        List<String> oos = new ArrayList<>(trainRows.outOfScope());
        Collections.shuffle(oos, new Random(seed));
        int held = oos.isEmpty() ? 0 : Math.max(1, (int) Math.round(oos.size() * 0.2));
        List<String> oosValidation = oos.subList(0, held);
        List<String> oosTrain = oos.subList(held, oos.size());
        IntentCorpus corpus = new IntentCorpus(trainRows.inScope(), oosTrain, List.of(), oosValidation,
                testRows.inScope(), testRows.outOfScope());
        return new Plan("csv", new IntentClassifier.Data(trainRows.inScope(), oosTrain, List.of(), oosValidation),
                corpus, true);
    }

    private ObjectNode toJson(Plan plan, IntentClassifier classifier, IntentEvaluation result, double trainSeconds) {
        ObjectNode doc = Json.object();
        doc.put("data", plan.source());
        if (plan.csv()) {
            doc.put("accuracy", round(result.accuracy()));
            if (oosLabel != null) {
                doc.put("oos_recall", round(result.outOfScopeRecall()));
            }
            doc.put("in_scope_accuracy", round(result.inScopeAccuracy()));
        } else {
            doc.put("in_scope_accuracy", round(result.inScopeAccuracy()));
            doc.put("oos_recall", round(result.outOfScopeRecall()));
        }
        doc.put("threshold", round(classifier.threshold()));
        doc.put("temperature", round(classifier.temperature()));
        doc.put("encoder", classifier.encoder());
        doc.put("seed", seed);
        doc.put("train_seconds", Math.round(trainSeconds * 1000) / 1000.0);
        doc.put("intents", classifier.labels().size());
        doc.put("out_of_scope_class", classifier.hasOutOfScopeClass());
        ObjectNode counts = doc.putObject("counts");
        IntentClassifier.Calibration cal = classifier.calibration();
        counts.put("train", plan.data().train().size());
        counts.put("train_oos", plan.data().trainOutOfScope().size());
        counts.put("validation", cal.inScope());
        counts.put("validation_oos", cal.outOfScope());
        counts.put("test", result.inScope());
        counts.put("test_oos", result.outOfScope());
        counts.put("test_correct", result.inScopeCorrect());
        counts.put("test_rejected", result.inScopeRejected());
        counts.put("test_oos_rejected", result.outOfScopeRejected());
        ObjectNode calibration = doc.putObject("calibration");
        calibration.put("held_out_from_train", cal.heldOut());
        calibration.put("rule", cal.rule());
        if (!Double.isNaN(cal.inScopeAccuracy())) {
            calibration.put("validation_in_scope_accuracy", round(cal.inScopeAccuracy()));
        }
        if (!Double.isNaN(cal.outOfScopeRecall())) {
            calibration.put("validation_oos_recall", round(cal.outOfScopeRecall()));
        }
        return doc;
    }

    private void table(PrintWriter out, Plan plan, IntentClassifier classifier, IntentEvaluation result,
                       double trainSeconds) {
        String row = "%-22s %s%n";
        if (plan.csv()) {
            out.printf(Locale.ROOT, row, "accuracy", fmt(result.accuracy()));
            if (oosLabel != null) {
                out.printf(Locale.ROOT, row, "oos_recall", fmt(result.outOfScopeRecall()));
            }
        }
        out.printf(Locale.ROOT, row, "in_scope_accuracy", fmt(result.inScopeAccuracy()));
        if (!plan.csv()) {
            out.printf(Locale.ROOT, row, "oos_recall", fmt(result.outOfScopeRecall()));
        }
        out.printf(Locale.ROOT, row, "threshold", fmt(classifier.threshold()));
        out.printf(Locale.ROOT, row, "temperature", fmt(classifier.temperature()));
        out.printf(Locale.ROOT, row, "test in-scope / oos", result.inScope() + " / " + result.outOfScope());
        out.printf(Locale.ROOT, row, "in-scope rejected", Integer.toString(result.inScopeRejected()));
        out.printf(Locale.ROOT, row, "intents", Integer.toString(classifier.labels().size()));
        out.printf(Locale.ROOT, row, "encoder", classifier.encoder());
        out.printf(Locale.ROOT, row, "train_seconds", String.format(Locale.ROOT, "%.2f", trainSeconds));
        out.printf(Locale.ROOT, row, "seed", Long.toString(seed));
        out.printf(Locale.ROOT, "threshold %s; a rejected in-scope utterance counts as an error.%n",
                classifier.calibration().rule());
        out.flush();
    }

    /** Six decimals; null (JSON has no NaN) where there was nothing to count. */
    private static Double round(double x) {
        return Double.isNaN(x) ? null : Math.round(x * 1e6) / 1e6;
    }

    private static String fmt(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.4f", x);
    }

    /** One progress bar per training stage, each replacing the last. */
    private static final class StageProgress implements IntentClassifier.Listener {
        private final Progress progress;
        private String stage;

        StageProgress(Progress progress) {
            this.progress = progress;
        }

        @Override
        public void progressed(String name, long done, long total) {
            if (!name.equals(stage)) {
                if (stage != null) {
                    progress.end();
                }
                stage = name;
                progress.begin(name, total);
            }
            progress.update(done);
        }
    }
}
