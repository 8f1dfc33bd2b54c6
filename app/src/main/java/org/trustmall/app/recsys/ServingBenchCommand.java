package org.trustmall.app.recsys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.trustmall.ai.recsys.Catalogue;
import org.trustmall.app.cli.Errors;
import org.trustmall.app.cli.Json;
import org.trustmall.app.cli.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trustmall recsys bench}: in-process serving latency of top-10 requests over a synthetic catalogue. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Trains one model candidate on synthetic, seeded sequences over --items items, then times "
                + "single-threaded top-10 requests through the serving Ranker (history items and 2%% of the "
                + "catalogue excluded as out of stock) after a warm-up, and prints the latency percentiles "
                + "(wall clock, and on-CPU time, which a busy machine's scheduling does not inflate). In-process: no "
                + "HTTP.",
                "The default model, itemknn, is the cheapest of the deployable families to train at 100k items (one "
                        + "pass over the data, seconds); --model mf (alternating least squares, minutes) and any "
                        + "other family in the catalogue can be measured the same way."})
public final class ServingBenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--items", defaultValue = "100000", paramLabel = "N",
            description = "Catalogue size (default ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--users", paramLabel = "N", description = "Synthetic users to train on (default: --items).")
    Integer users;

    @Option(names = "--requests", defaultValue = "10000", paramLabel = "N",
            description = "Timed requests (default ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Untimed requests first, for the JIT (default: --requests / 2, at least 1000).")
    Integer warmup;

    @Option(names = "--model", defaultValue = "itemknn", paramLabel = "NAME",
            description = "The family (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--candidate", paramLabel = "LABEL",
            description = "The family's candidate configuration (default: its first in the catalogue).")
    String candidate;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "Seeds the data, the model and the requests (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the result as JSON; no progress bar.")
    boolean json;

    @Override
    public void run() {
        if (items < 10 || items > 20_000_000) {
            throw new Errors.UsageException("option '--items' must be between 10 and 20000000, got " + items);
        }
        int u = users == null ? items : users;
        if (u < 1 || u > 50_000_000) {
            throw new Errors.UsageException("option '--users' must be between 1 and 50000000, got " + u);
        }
        if (requests < 1 || requests > 10_000_000) {
            throw new Errors.UsageException("option '--requests' must be between 1 and 10000000, got " + requests);
        }
        int w = warmup == null ? Math.max(1000, requests / 2) : warmup;
        if (w < 0) {
            throw new Errors.UsageException("option '--warmup' must not be negative, got " + w);
        }
        Catalogue.Candidate c = pick();
        Progress progress = new Progress(spec.commandLine().getErr(), !json && Progress.terminal());
        ServingBench.Result r = ServingBench.run(items, u, requests, w, c, seed, progress);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Json.object();
            o.put("items", r.items());
            o.put("model", r.model());
            o.put("candidate", r.candidate());
            o.put("requests", r.requests());
            o.put("p50_ms", round(r.p50Ms()));
            o.put("p99_ms", round(r.p99Ms()));
            o.put("mean_ms", round(r.meanMs()));
            o.put("max_ms", round(r.maxMs()));
            o.put("cpu_p50_ms", round(r.cpuP50Ms()));
            o.put("cpu_p99_ms", round(r.cpuP99Ms()));
            o.put("top_n", ServingBench.TOP_N);
            o.put("warmup", r.warmup());
            o.put("users", r.users());
            o.put("interactions", r.interactions());
            o.put("train_seconds", Math.round(r.trainSeconds() * 100) / 100.0);
            o.put("seed", seed);
            Json.print(out, o);
            return;
        }
        out.printf(Locale.ROOT, "%s (%s) over %,d items, trained on %,d users (%,d interactions) in %.1f s%n",
                r.model(), r.candidate(), r.items(), r.users(), r.interactions(), r.trainSeconds());
        out.printf(Locale.ROOT, "top-%d requests: %,d timed after %,d warm-up: p50 %.3f ms, p99 %.3f ms, mean %.3f ms,"
                + " max %.3f ms%n", ServingBench.TOP_N, r.requests(), r.warmup(), r.p50Ms(), r.p99Ms(), r.meanMs(),
                r.maxMs());
        out.printf(Locale.ROOT, "on-CPU time per request (scheduling delays left out): p50 %.3f ms, p99 %.3f ms%n",
                r.cpuP50Ms(), r.cpuP99Ms());
        out.flush();
    }

    private Catalogue.Candidate pick() {
        String family = model.trim().toLowerCase(Locale.ROOT);
        List<Catalogue.Candidate> candidates = Catalogue.candidates(family);
        if (candidates.isEmpty()) {
            throw new Errors.UsageException("unknown model family '" + model + "'; known: "
                    + String.join(", ", Catalogue.families()));
        }
        if (candidate == null) {
            return candidates.getFirst();
        }
        return candidates.stream().filter(c -> c.label().equals(candidate)).findFirst()
                .orElseThrow(() -> new Errors.UsageException("family '" + family + "' has no candidate '" + candidate
                        + "'; it has: " + String.join(", ", candidates.stream().map(Catalogue.Candidate::label)
                        .toList())));
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
