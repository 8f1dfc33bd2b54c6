package org.trustmall.app.data;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.trustmall.app.cli.Errors;
import org.trustmall.app.cli.Json;
import org.trustmall.data.clean.Clean;
import org.trustmall.data.clean.CleaningPolicy;
import org.trustmall.data.clean.CleaningReport;
import org.trustmall.data.clean.OutlierRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trustmall data clean}: the output of {@code data ingest} cleaned for training, with a report. */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = {"Reads --input/interactions.jsonl (the output of data ingest) and writes the cleaned "
                + "interactions.jsonl and cleaning-report.json into --out. Rules, in order: rows without user or "
                + "item dropped; missing event imputed (--event), unknown event dropped; rating events without "
                + "rating dropped; missing timestamp imputed as the position in the user's sequence; duplicates "
                + "(user, item, event, timestamp) dropped, first kept; bot-like users removed; rating outliers "
                + "dropped; users with outlying event counts removed."})
public final class CleanCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "DIR", description = "The output folder of data ingest.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The output folder.")
    Path out;

    @Option(names = "--outliers", defaultValue = "iqr", paramLabel = "RULE",
            description = "iqr, z or none (default ${DEFAULT-VALUE}); applied to ratings and per-user event counts.")
    String outliers;

    @Option(names = "--iqr-k", defaultValue = "1.5", paramLabel = "K",
            description = "Tukey's k: keep [Q1 − k·IQR, Q3 + k·IQR] (default ${DEFAULT-VALUE}).")
    double iqrK;

    @Option(names = "--z", defaultValue = "3", paramLabel = "T",
            description = "Keep [μ − T·σ, μ + T·σ] (default ${DEFAULT-VALUE}).")
    double z;

    @Option(names = "--bot-events-per-minute", defaultValue = "100", paramLabel = "N",
            description = "A user with more than N events in any one minute is a bot (default ${DEFAULT-VALUE}); "
                    + "0 turns the rule off (do so for order-only data, whose timestamps are positions).")
    int botEventsPerMinute;

    @Option(names = "--bot-min-events", defaultValue = "20", paramLabel = "N", description = "The same-item rule "
            + "looks at users with at least N events (default ${DEFAULT-VALUE}); 0 turns it off.")
    int botMinEvents;

    @Option(names = "--bot-same-item-share", defaultValue = "0.9", paramLabel = "S", description = "…and calls a "
            + "user a bot when one item is more than this share of their events (default ${DEFAULT-VALUE}).")
    double botSameItemShare;

    @Option(names = "--event", defaultValue = "view", paramLabel = "EVENT",
            description = "The event imputed where a row has none (default ${DEFAULT-VALUE}).")
    String event;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public void run() {
        CleaningPolicy policy;
        try {
            OutlierRule rule = switch (outliers.trim().toLowerCase(Locale.ROOT)) {
                case "iqr" -> new OutlierRule.Iqr(iqrK);
                case "z" -> new OutlierRule.Z(z);
                case "none" -> null;
                default -> throw new IllegalArgumentException("unknown outlier rule '" + outliers
                        + "'; one of iqr, z, none");
            };
            policy = CleaningPolicy.defaults().withDefaultEvent(event.trim().toLowerCase(Locale.ROOT))
                    .withOutliers(rule).withBotRate(botEventsPerMinute, 60_000)
                    .withBotRepetition(botMinEvents, botSameItemShare);
        } catch (IllegalArgumentException e) {
            throw new Errors.UsageException(e.getMessage());
        }
        CleaningReport r = Clean.run(input, out, policy);
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            Json.print(o, Clean.toJson(r));
            return;
        }
        o.printf(Locale.ROOT, "before: %,d rows, %,d users, %,d items%n", r.rowsBefore(), r.usersBefore(),
                r.itemsBefore());
        o.printf(Locale.ROOT, "dropped: %,d without user/item, %,d unknown event, %,d rating events without rating%n",
                r.missingIdentity(), r.unknownEvent(), r.missingRating());
        o.printf(Locale.ROOT, "imputed: %,d events, %,d timestamps%n", r.imputedEvent(), r.imputedTimestamp());
        o.printf(Locale.ROOT, "duplicates: %,d%n", r.duplicates());
        o.printf(Locale.ROOT, "bots: %,d users, %,d events%n", r.botUsers(), r.botEvents());
        o.printf(Locale.ROOT, "outliers (%s): %,d ratings, %,d users with %,d events%n", r.outlierRule(),
                r.ratingOutliers(), r.activityOutlierUsers(), r.activityOutlierEvents());
        o.printf(Locale.ROOT, "after: %,d rows, %,d users, %,d items -> %s%n", r.rowsAfter(), r.usersAfter(),
                r.itemsAfter(), out.resolve(Clean.INTERACTIONS));
        o.flush();
    }
}
