package org.trustmall.app.recsys;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.trustmall.ai.recsys.Catalogue;
import org.trustmall.ai.recsys.Metrics;
import org.trustmall.ai.recsys.ModelSelection;
import org.trustmall.ai.recsys.SplitData;
import org.trustmall.ai.recsys.SplitLoader;
import org.trustmall.app.cli.Errors;
import org.trustmall.app.cli.Json;
import org.trustmall.app.cli.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trustmall recsys eval}: trains every candidate of the requested families, keeps each family's best on
 * validation, reports its test figures and names the family selected on validation. The work is
 * {@link ModelSelection}'s; this command reads the flags and formats the outcome.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluates recommender families on leave-one-out data with full ranking (no sampled "
                + "negatives; history items excluded): each candidate configuration of a family trains on the "
                + "training split, the best by validation NDCG@10 is evaluated on test, and the family with the "
                + "best validation NDCG@10 is selected. Prints hr@10, ndcg@10, mrr, coverage and training seconds "
                + "per family.",
                "Data: --format recbole reads a folder of RecBole atomic files with its own train/valid/test split "
                        + "(NAME.train.inter, NAME.valid.inter, NAME.test.inter, optionally NAME.item2index and "
                        + "NAME.text); --format sequence reads a file of `user item1 item2 …` lines in time order, "
                        + "split here (last item test, second-last validation). Files are used as they are."})
public final class EvalCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "The RecBole folder or the sequence file.")
    Path data;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "recbole or sequence.")
    String format;

    @Option(names = "--models", split = ",", paramLabel = "NAME[,NAME…]",
            description = "Families to evaluate, e.g. pop,markov,itemknn,mf,sasrec,content,hybrid (default: every "
                    + "family in the catalogue that applies to the data).")
    List<String> models;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "Seeds every model; the same seed and data give the same figures (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the result as JSON; no progress bar.")
    boolean json;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Also write a self-contained HTML report with charts to this file.")
    Path report;

    @Override
    public void run() {
        SplitLoader.Format f = switch (format.trim().toLowerCase(Locale.ROOT)) {
            case "recbole" -> SplitLoader.Format.RECBOLE;
            case "sequence" -> SplitLoader.Format.SEQUENCE;
            default -> throw new Errors.UsageException("unknown format '" + format + "'; one of recbole, sequence");
        };
        if (report != null && Files.isDirectory(report)) {
            throw new Errors.UsageException("option '--report' names a folder: " + report);
        }
        SplitData split = SplitLoader.load(data, f);
        List<String> families = families(split);
        Progress progress = new Progress(spec.commandLine().getErr(), !json && Progress.terminal());
        ModelSelection.Outcome outcome = ModelSelection.run(split, families, seed,
                new SelectionProgress(progress, "recsys eval", 0));
        progress.end();
        if (report != null) {
            writeAtomically(report, EvalReport.html(data, split, seed, outcome));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, toJson(outcome, seed));
        } else {
            table(out, outcome);
        }
    }

    private List<String> families(SplitData split) {
        if (models == null || models.isEmpty()) {
            return ModelSelection.applicable(split);
        }
        List<String> known = Catalogue.families();
        List<String> out = new ArrayList<>();
        for (String m : models) {
            String name = m.trim().toLowerCase(Locale.ROOT);
            if (!known.contains(name)) {
                throw new Errors.UsageException("unknown model family '" + m.trim() + "' in --models; known: "
                        + String.join(", ", known));
            }
            if (!Catalogue.applies(name, split)) {
                throw new Errors.UsageException("model family '" + name + "' does not apply to " + data
                        + (split.itemTexts() == null ? " (it has no item text)" : ""));
            }
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    static ObjectNode toJson(ModelSelection.Outcome outcome, long seed) {
        ObjectNode doc = Json.object();
        doc.put("selected", outcome.selected());
        doc.put("seed", seed);
        ArrayNode models = doc.putArray("models");
        for (ModelSelection.Family f : outcome.families()) {
            ObjectNode m = models.addObject();
            m.put("name", f.name());
            m.put("valid_ndcg@10", round(f.valid().ndcg10()));
            Metrics t = f.test();
            m.put("hr@10", round(t.hr10()));
            m.put("ndcg@10", round(t.ndcg10()));
            m.put("mrr", round(t.mrr()));
            m.put("coverage", round(t.coverage()));
            m.put("train_seconds", Math.round(f.chosen().trainSeconds() * 1000) / 1000.0);
            m.put("candidate", f.chosen().candidate().label());
            m.set("parameters", parameters(f.chosen().parameters()));
            ArrayNode tried = m.putArray("tried");
            for (ModelSelection.Tried c : f.tried()) {
                ObjectNode o = tried.addObject();
                o.put("candidate", c.candidate().label());
                o.put("valid_ndcg@10", round(c.valid().ndcg10()));
                o.put("valid_hr@10", round(c.valid().hr10()));
                o.put("train_seconds", Math.round(c.trainSeconds() * 1000) / 1000.0);
            }
        }
        return doc;
    }

    private static ObjectNode parameters(Map<String, Object> p) {
        ObjectNode o = Json.object();
        p.forEach((k, v) -> o.set(k, org.trustmall.ledger.proof.LedgerJson.mapper().valueToTree(v)));
        return o;
    }

    private static double round(double x) {
        return Math.round(x * 1e6) / 1e6;
    }

    private static void table(PrintWriter out, ModelSelection.Outcome outcome) {
        int nameWidth = 8;
        int candidateWidth = 9;
        for (ModelSelection.Family f : outcome.families()) {
            nameWidth = Math.max(nameWidth, f.name().length() + 2);
            candidateWidth = Math.max(candidateWidth, f.chosen().candidate().label().length());
        }
        String row = "%-" + nameWidth + "s %8s %8s %8s %8s %13s %13s  %s%n";
        out.printf(Locale.ROOT, row, "model", "hr@10", "ndcg@10", "mrr", "coverage", "train_seconds",
                "valid_ndcg@10", "candidate");
        for (ModelSelection.Family f : outcome.families()) {
            Metrics t = f.test();
            String mark = f.name().equals(outcome.selected()) ? " *" : "";
            out.printf(Locale.ROOT, row, f.name() + mark, fmt(t.hr10()), fmt(t.ndcg10()), fmt(t.mrr()),
                    fmt(t.coverage()), String.format(Locale.ROOT, "%.2f", f.chosen().trainSeconds()),
                    fmt(f.valid().ndcg10()), f.chosen().candidate().label());
        }
        ModelSelection.Family s = outcome.selectedFamily();
        out.printf(Locale.ROOT, "selected on validation: %s (%s), test ndcg@10 %s; * marks it. Test figures are for "
                + "each family's candidate chosen on validation.%n", s.name(), s.chosen().candidate().label(),
                fmt(s.test().ndcg10()));
        out.flush();
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }

    /** Writes the whole file or nothing: a failed run leaves no half-written report. */
    static void writeAtomically(Path file, String text) {
        Path abs = file.toAbsolutePath();
        try {
            Path dir = abs.getParent();
            Files.createDirectories(dir);
            // A sibling, so the move is atomic; written like any new file, so it gets the usual permissions.
            Path tmp = dir.resolve("." + abs.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(file + ": cannot write the report (" + e.getMessage()
                    + ")", e));
        }
    }
}
