package org.trustmall.ai.risk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A generated data set: the order attempts in time order with their labels, when each account was opened, and the
 * history built from them, which {@link RiskFeatures} reads as of each order's moment.
 *
 * @param scenario       what generated it
 * @param orders         every attempt, oldest first (warm-up included)
 * @param accountsOpened when each account was opened
 * @param history        the history over all of them
 */
public record RiskDataset(RiskScenario scenario, List<LabelledOrder> orders, Map<String, Instant> accountsOpened,
                          RiskHistory history) {
    public RiskDataset {
        Objects.requireNonNull(scenario, "scenario");
        orders = List.copyOf(orders);
        accountsOpened = Map.copyOf(accountsOpened);
        Objects.requireNonNull(history, "history");
    }

    /** The attempts of the warm-up: history only. */
    public List<LabelledOrder> warmUp() {
        return between(RiskScenario.START, RiskScenario.trainFrom());
    }

    /** The training rows: from the end of the warm-up to the start of the test period. */
    public List<LabelledOrder> train() {
        return between(RiskScenario.trainFrom(), RiskScenario.testFrom());
    }

    /** The held-out rows: the last part of the period. */
    public List<LabelledOrder> test() {
        return between(RiskScenario.testFrom(), RiskScenario.end());
    }

    private List<LabelledOrder> between(Instant from, Instant to) {
        List<LabelledOrder> out = new ArrayList<>();
        for (LabelledOrder o : orders) {
            Instant at = o.attempt().at();
            if (!at.isBefore(from) && at.isBefore(to)) {
                out.add(o);
            }
        }
        return out;
    }

    /** The feature vectors of the given rows, each as of its own moment. */
    public double[][] features(List<LabelledOrder> rows) {
        double[][] x = new double[rows.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = RiskFeatures.compute(rows.get(i).attempt(), history);
        }
        return x;
    }

    /** 1 for fraud, 0 for legitimate. */
    public static int[] labels(List<LabelledOrder> rows) {
        int[] y = new int[rows.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = rows.get(i).fraud() ? 1 : 0;
        }
        return y;
    }
}
