package org.trustmall.app.risk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import org.trustmall.ai.risk.FraudPattern;
import org.trustmall.ai.risk.RiskEvaluation;
import org.trustmall.ai.risk.RiskFeatures;
import org.trustmall.ai.risk.RiskScenario;
import org.trustmall.app.cli.Errors;
import org.trustmall.app.cli.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trustmall risk eval}: generates a labelled order scenario, trains XGBoost and the logistic baseline on its
 * training period and measures both on the held-out last period. The work is {@link RiskEvaluation}'s; this command
 * reads the flags and formats the outcome.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Generates order attempts with the documented fraud patterns (ai/src/main/resources/org/"
                + "trustmall/ai/risk/SCENARIOS.md), computes their features from the history before each, trains "
                + "gradient-boosted trees (XGBoost) and a logistic baseline on days 30-126 and evaluates both on days "
                + "126-180: PR-AUC (average precision), ROC-AUC and recall at 1%% false-positive rate.",
                "The same seed and size give the same figures."})
public final class RiskEvalCommand implements Runnable {
    /** The target: XGBoost's PR-AUC at least this multiple of the baseline's. */
    static final double TARGET_RATIO = 1.10;

    @Spec
    CommandSpec spec;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
            description = "Seeds the generator and the training (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--orders", defaultValue = "50000", paramLabel = "N",
            description = "Order attempts to generate, warm-up included (default ${DEFAULT-VALUE}).")
    int orders;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public void run() {
        if (orders < RiskScenario.MIN_ORDERS || orders > RiskScenario.MAX_ORDERS) {
            throw new Errors.UsageException("--orders must be between " + RiskScenario.MIN_ORDERS + " and "
                    + RiskScenario.MAX_ORDERS + ", was " + orders);
        }
        long start = System.nanoTime();
        RiskEvaluation.Report report = RiskEvaluation.run(new RiskScenario(seed, orders));
        double seconds = (System.nanoTime() - start) / 1e9;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, toJson(report, seconds));
        } else {
            table(out, report, seconds);
        }
    }

    private ObjectNode toJson(RiskEvaluation.Report report, double seconds) {
        ObjectNode doc = Json.object();
        ArrayNode models = doc.putArray("models");
        for (RiskEvaluation.ModelResult m : report.models()) {
            ObjectNode node = models.addObject();
            node.put("name", m.name());
            node.put("pr_auc", round(m.prAuc()));
            node.put("roc_auc", round(m.rocAuc()));
            node.put("recall_at_1pct_fpr", round(m.recallAt1pctFpr()));
            ObjectNode byPattern = node.putObject("recall_at_1pct_fpr_by_pattern");
            for (Map.Entry<FraudPattern, Double> e : m.recallByPattern().entrySet()) {
                byPattern.put(e.getKey().label(), round(e.getValue()));
            }
            node.put("sha256", m.model().sha256());
            node.put("train_seconds", Math.round(m.trainSeconds() * 1000) / 1000.0);
        }
        RiskEvaluation.Counts c = report.counts();
        doc.put("pr_auc_ratio", round(report.prAucRatio()));
        doc.put("target_pr_auc_ratio", TARGET_RATIO);
        doc.put("target_met", report.prAucRatio() >= TARGET_RATIO);
        doc.put("fraud_rate", round(c.fraudRate()));
        ObjectNode counts = doc.putObject("counts");
        counts.put("orders", c.orders());
        counts.put("accounts", c.accounts());
        counts.put("warm_up", c.warmUp());
        counts.put("train", c.train());
        counts.put("train_fraud", c.trainFraud());
        counts.put("test", c.test());
        counts.put("test_fraud", c.testFraud());
        ObjectNode byPattern = counts.putObject("by_pattern");
        for (FraudPattern p : FraudPattern.values()) {
            byPattern.put(p.label(), c.byPattern().getOrDefault(p, 0));
        }
        ObjectNode split = doc.putObject("split");
        split.put("rule", "by time: days " + RiskScenario.WARM_UP_DAYS + "-" + RiskScenario.TEST_FROM_DAY
                + " train, days " + RiskScenario.TEST_FROM_DAY + "-" + RiskScenario.DAYS + " test, days 0-"
                + RiskScenario.WARM_UP_DAYS + " history only");
        doc.put("features_version", RiskFeatures.VERSION);
        doc.put("features", RiskFeatures.COUNT);
        doc.put("seed", seed);
        doc.put("seconds", Math.round(seconds * 1000) / 1000.0);
        return doc;
    }

    private static void table(PrintWriter out, RiskEvaluation.Report report, double seconds) {
        RiskEvaluation.Counts c = report.counts();
        out.printf(Locale.ROOT, "%-10s %8s %8s %12s  %s%n", "model", "pr_auc", "roc_auc", "recall@1%fpr", "sha256");
        for (RiskEvaluation.ModelResult m : report.models()) {
            out.printf(Locale.ROOT, "%-10s %8.4f %8.4f %12.4f  %s%n", m.name(), m.prAuc(), m.rocAuc(),
                    m.recallAt1pctFpr(), m.model().sha256().substring(0, 16));
        }
        out.printf(Locale.ROOT, "pr_auc ratio %.3f (target >= %.2f)%n", report.prAucRatio(), TARGET_RATIO);
        out.printf(Locale.ROOT, "orders %d (accounts %d), fraud rate %.4f; train %d (%d fraud), test %d (%d fraud), "
                + "warm-up %d%n", c.orders(), c.accounts(), c.fraudRate(), c.train(), c.trainFraud(), c.test(),
                c.testFraud(), c.warmUp());
        out.printf(Locale.ROOT, "recall at 1%% FPR by pattern:%n");
        for (RiskEvaluation.ModelResult m : report.models()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-10s", m.name()));
            m.recallByPattern().forEach((p, r) -> line.append(String.format(Locale.ROOT, " %s %.3f", p.label(), r)));
            out.println(line);
        }
        out.printf(Locale.ROOT, "features %s (%d), %.1f s%n", RiskFeatures.VERSION, RiskFeatures.COUNT, seconds);
        out.flush();
    }

    /** Six decimals; null (JSON has no NaN) where there was nothing to count. */
    private static Double round(double x) {
        return Double.isNaN(x) ? null : Math.round(x * 1e6) / 1e6;
    }
}
