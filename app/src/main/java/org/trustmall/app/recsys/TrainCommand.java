package org.trustmall.app.recsys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import org.trustmall.ai.recsys.ModelSelection;
import org.trustmall.app.cli.DataDir;
import org.trustmall.app.cli.Json;
import org.trustmall.app.cli.Progress;
import org.trustmall.app.platform.Platform;
import org.trustmall.app.platform.PlatformOptions;
import org.trustmall.app.platform.RecsysOptions;
import org.trustmall.commerce.recommend.ModelRegistry;
import org.trustmall.commerce.recommend.RecommenderTraining;
import org.trustmall.commerce.recommend.TrainingSnapshots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trustmall recsys train}: one training run of the platform's recommender on its own data, as the server's
 * schedule does it — snapshot of consenting buyers' interactions under pseudonyms (root on the ledger), model
 * selection on validation, the winner retrained on everything, registered with its SHA-256 and metrics on the
 * ledger. The next {@code serve} (or a running server's next scheduled run) serves it.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains the platform's recommender on its own data: builds a consent-filtered, pseudonymised "
                + "snapshot of the interactions (registered on the ledger, contract dataset-registry), selects a "
                + "model family on the validation split, retrains it on all interactions and registers the "
                + "artifact's SHA-256, the snapshot root, parameters and metrics (contract model-registry). "
                + "Models trained on snapshots that hold persons who have since withdrawn consent or been erased "
                + "are marked superseded. Run it with the server stopped (the embedded database admits one "
                + "process); a running server retrains on its own schedule (--retrain-hours)."})
public final class TrainCommand implements Runnable {
    @Spec
    CommandSpec spec;
    @Mixin
    PlatformOptions platform;
    @Mixin
    RecsysOptions recsys;
    @Option(names = "--json", description = "Print the outcome as JSON; no progress bar.")
    boolean json;

    @Override
    public void run() {
        DataDir data = platform.existing("train on");
        var families = recsys.families();
        try (Platform p = platform.open(data)) {
            Progress progress = new Progress(spec.commandLine().getErr(), !json && Progress.terminal());
            RecommenderTraining.Outcome o = p.recommenderTraining(families, recsys.seed()).train(
                    new SelectionProgress(progress, "recsys train", 1));
            progress.end();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Json.print(out, toJson(o, recsys.seed()));
            } else {
                print(out, o);
            }
        }
    }

    static ObjectNode toJson(RecommenderTraining.Outcome o, long seed) {
        ObjectNode doc = Json.object();
        TrainingSnapshots.TrainingSnapshot s = o.snapshot();
        ObjectNode snap = doc.putObject("snapshot");
        snap.put("root", s.root()).put("rows", s.rows()).put("users", s.users().size()).put("items", s.itemCount())
                .put("persons_left_out", s.personsLeftOut()).put("transaction", s.transactionId());
        s.supersededSnapshots().forEach(snap.putArray("superseded_snapshots")::add);
        s.supersededModels().forEach(snap.putArray("superseded_models")::add);
        doc.put("trained", o.trained());
        if (o.note() != null) {
            doc.put("note", o.note());
        }
        if (o.model() != null) {
            ModelRegistry.Registration r = o.model();
            ObjectNode m = doc.putObject("model");
            m.put("id", r.id()).put("family", r.family()).put("sha256", r.artifactSha256())
                    .put("snapshot", r.snapshotRoot()).put("height", r.height()).put("transaction", r.transactionId());
            ObjectNode metrics = m.putObject("metrics");
            new java.util.TreeMap<>(r.metrics()).forEach(metrics::put);
        }
        if (o.selection() != null) {
            doc.set("selection", EvalCommand.toJson(o.selection(), seed));
        }
        return doc;
    }

    private static void print(PrintWriter out, RecommenderTraining.Outcome o) {
        TrainingSnapshots.TrainingSnapshot s = o.snapshot();
        out.printf("snapshot %s: %d interactions of %d pseudonymous buyers over %d products (%d left out for want "
                + "of consent)%n", s.root(), s.rows(), s.users().size(), s.itemCount(), s.personsLeftOut());
        if (!s.supersededModels().isEmpty()) {
            out.println("superseded (persons withdrew or were erased): " + String.join(", ", s.supersededModels()));
        }
        if (o.selection() != null) {
            for (ModelSelection.Family f : o.selection().families()) {
                out.printf("  %-8s valid ndcg@10 %.4f   test ndcg@10 %.4f   hr@10 %.4f   %s%n", f.name(),
                        f.valid().ndcg10(), f.test().ndcg10(), f.test().hr10(),
                        f.name().equals(o.selection().selected()) ? "← selected" : "");
            }
        }
        if (o.trained()) {
            out.println("registered and deployed model " + o.model().id() + " (sha256 " + o.model().artifactSha256()
                    + ", ledger height " + o.model().height() + ")");
        } else {
            out.println("nothing trained: " + o.note());
        }
        out.flush();
    }
}
