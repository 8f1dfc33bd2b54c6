package org.trustmall.ai.risk;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole offline loop on one seed: generate a scenario, compute every order's features from the history before
 * it, train both models on the training period, and measure them on the held-out test period (split by time, see
 * {@code SCENARIOS.md}): PR-AUC (average precision), ROC-AUC, and recall at 1 % false-positive rate, overall and per
 * fraud pattern at that same threshold. Deterministic for a scenario.
 */
public final class RiskEvaluation {
    /** The false-positive rate the recall is reported at. */
    public static final double FPR = 0.01;

    private RiskEvaluation() {
    }

    /**
     * One model's figures on the test period.
     *
     * @param model            the trained model (its {@link RiskModel#sha256()} is what would be registered)
     * @param prAuc            average precision
     * @param rocAuc           area under the ROC curve
     * @param recallAt1pctFpr  recall at the threshold that keeps the false-positive rate at most 1 %
     * @param recallByPattern  at that threshold, the share of each fraud pattern's test attempts flagged
     * @param trainSeconds     how long training took
     */
    public record ModelResult(RiskModel model, double prAuc, double rocAuc, double recallAt1pctFpr,
                              Map<FraudPattern, Double> recallByPattern, double trainSeconds) {
        public String name() {
            return model.name();
        }
    }

    /**
     * How many attempts and accounts, and how they split.
     *
     * @param byPattern attempts per pattern over the whole period (legitimate included)
     */
    public record Counts(int orders, int accounts, int warmUp, int train, int trainFraud, int test, int testFraud,
                         Map<FraudPattern, Integer> byPattern) {
        /** Fraud attempts over all attempts. */
        public double fraudRate() {
            int legit = byPattern.getOrDefault(FraudPattern.LEGITIMATE, 0);
            return orders == 0 ? 0 : (double) (orders - legit) / orders;
        }
    }

    /** The outcome: counts and each model's figures (XGBoost first, then the baseline). */
    public record Report(RiskScenario scenario, Counts counts, List<ModelResult> models) {
        public ModelResult model(String name) {
            return models.stream().filter(m -> m.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no model " + name));
        }

        /** XGBoost's PR-AUC over the baseline's: the target is at least 1.10. */
        public double prAucRatio() {
            return model(BoostedTreesRiskModel.NAME).prAuc() / model(LogisticRiskModel.NAME).prAuc();
        }
    }

    /** Runs the loop for a scenario. */
    public static Report run(RiskScenario scenario) {
        RiskDataset data = OrderGenerator.generate(scenario);
        List<LabelledOrder> trainRows = data.train();
        List<LabelledOrder> testRows = data.test();
        double[][] xTrain = data.features(trainRows);
        int[] yTrain = RiskDataset.labels(trainRows);
        double[][] xTest = data.features(testRows);
        int[] yTest = RiskDataset.labels(testRows);

        List<ModelResult> results = new ArrayList<>();
        long t0 = System.nanoTime();
        RiskModel trees = BoostedTreesRiskModel.train(xTrain, yTrain, scenario.seed());
        double treesSeconds = (System.nanoTime() - t0) / 1e9;
        results.add(measure(trees, xTest, yTest, testRows, treesSeconds));
        t0 = System.nanoTime();
        RiskModel logistic = LogisticRiskModel.train(xTrain, yTrain);
        double logisticSeconds = (System.nanoTime() - t0) / 1e9;
        results.add(measure(logistic, xTest, yTest, testRows, logisticSeconds));

        Map<FraudPattern, Integer> byPattern = new EnumMap<>(FraudPattern.class);
        Set<String> accounts = new HashSet<>();
        for (LabelledOrder o : data.orders()) {
            byPattern.merge(o.pattern(), 1, Integer::sum);
            accounts.add(o.attempt().account());
        }
        Counts counts = new Counts(data.orders().size(), accounts.size(), data.warmUp().size(), trainRows.size(),
                sum(yTrain), testRows.size(), sum(yTest), byPattern);
        return new Report(scenario, counts, List.copyOf(results));
    }

    private static ModelResult measure(RiskModel model, double[][] x, int[] y, List<LabelledOrder> rows,
                                       double trainSeconds) {
        double[] s = model.scores(x);
        double threshold = RankingMetrics.thresholdAtFpr(s, y, FPR);
        Map<FraudPattern, int[]> hits = new EnumMap<>(FraudPattern.class);
        for (int i = 0; i < rows.size(); i++) {
            FraudPattern p = rows.get(i).pattern();
            if (p.fraud()) {
                int[] h = hits.computeIfAbsent(p, k -> new int[2]);
                h[1]++;
                if (s[i] >= threshold) {
                    h[0]++;
                }
            }
        }
        Map<FraudPattern, Double> byPattern = new EnumMap<>(FraudPattern.class);
        hits.forEach((p, h) -> byPattern.put(p, (double) h[0] / h[1]));
        return new ModelResult(model, RankingMetrics.averagePrecision(s, y), RankingMetrics.rocAuc(s, y),
                RankingMetrics.recallAtFpr(s, y, FPR), byPattern, trainSeconds);
    }

    private static int sum(int[] y) {
        int n = 0;
        for (int v : y) {
            n += v;
        }
        return n;
    }
}
