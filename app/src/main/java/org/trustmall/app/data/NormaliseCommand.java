package org.trustmall.app.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.trustmall.app.cli.Json;
import org.trustmall.data.normalise.ItemFeatures;
import org.trustmall.data.normalise.Normalise;
import org.trustmall.data.normalise.ZScore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trustmall data normalise}: per-item numeric features, z-scored, with the stats saved for serving. */
@Command(name = "normalise", mixinStandardHelpOptions = true,
        description = {"Reads --input/interactions.jsonl (the output of data clean) and writes into --out "
                + "item-features.jsonl (per item: interactions, distinct users, recency in days before the newest "
                + "event, mean rating where rated, price where the catalogue has one; raw and z-scored "
                + "X' = (X - mu)/sigma) and normaliser.json (mu and sigma of each feature, applied alike when "
                + "serving)."})
public final class NormaliseCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "DIR", description = "The output folder of data clean.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The output folder.")
    Path out;

    @Option(names = "--items", paramLabel = "FILE", description = "A catalogue items.jsonl (from data ingest) for "
            + "prices; default --input/items.jsonl when it exists.")
    Path items;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public void run() {
        Normalise.Result r = Normalise.run(input, items, out);
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            ObjectNode doc = Json.object().put("items", r.items()).put("priced", r.priced())
                    .put("features_file", r.features().toString()).put("stats_file", r.stats().toString());
            doc.set("normaliser", r.normaliser().toJson());
            Json.print(o, doc);
            return;
        }
        o.printf(Locale.ROOT, "%,d items (%,d with a price) -> %s%n", r.items(), r.priced(), r.features());
        for (String f : ItemFeatures.FEATURES) {
            ZScore.Stats s = r.normaliser().stats(f);
            o.printf(Locale.ROOT, "  %-13s mean %.4f  std %.4f  over %,d items%n", f, s.mean(), s.std(), s.count());
        }
        o.printf(Locale.ROOT, "stats -> %s%n", r.stats());
        o.flush();
    }
}
