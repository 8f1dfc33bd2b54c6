package org.trustmall.ai.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderGeneratorTest {

    @Test
    void theSameSeedGivesTheSameOrdersAndAnotherSeedDifferentOnes() {
        RiskDataset a = OrderGenerator.generate(new RiskScenario(5, 3_000));
        RiskDataset b = OrderGenerator.generate(new RiskScenario(5, 3_000));
        RiskDataset c = OrderGenerator.generate(new RiskScenario(6, 3_000));
        assertEquals(a.orders(), b.orders());
        assertEquals(a.accountsOpened(), b.accountsOpened());
        assertNotEquals(a.orders(), c.orders());
    }

    @Test
    void fraudPatternsComeAtTheirDocumentedRates() {
        RiskDataset data = OrderGenerator.generate(new RiskScenario(11, 20_000));
        int n = data.orders().size();
        assertTrue(Math.abs(n - 20_000) < 400, "about the requested size: " + n);
        Map<FraudPattern, Integer> counts = new EnumMap<>(FraudPattern.class);
        data.orders().forEach(o -> counts.merge(o.pattern(), 1, Integer::sum));
        double fraud = (double) (n - counts.get(FraudPattern.LEGITIMATE)) / n;
        assertTrue(Math.abs(fraud - RiskScenario.fraudShare()) < 0.004, "overall fraud rate " + fraud);
        RiskScenario.FRAUD_SHARES.forEach((pattern, share) -> {
            double rate = (double) counts.getOrDefault(pattern, 0) / n;
            assertTrue(Math.abs(rate - share) < 0.25 * share, pattern + " at " + rate + ", documented " + share);
        });
    }

    @Test
    void ordersComeInTimeOrderWithinThePeriodAndChargebacksAreReportedAfterTheirOrders() {
        RiskDataset data = OrderGenerator.generate(new RiskScenario(3, 3_000));
        LabelledOrder previous = null;
        int chargebacks = 0;
        for (LabelledOrder o : data.orders()) {
            assertTrue(!o.attempt().at().isBefore(RiskScenario.START) && o.attempt().at().isBefore(RiskScenario.end()));
            if (previous != null) {
                assertTrue(!o.attempt().at().isBefore(previous.attempt().at()));
            }
            if (o.chargebackReportedAt() != null) {
                chargebacks++;
                assertTrue(o.chargebackReportedAt().isAfter(o.attempt().at()));
                assertTrue(!o.paymentFailed(), "a declined payment cannot be charged back");
            }
            assertTrue(data.accountsOpened().containsKey(o.attempt().account()));
            previous = o;
        }
        assertTrue(chargebacks > 0);
    }

    @Test
    void theTimeSplitSeparatesWarmUpTrainingAndTestRows() {
        RiskDataset data = OrderGenerator.generate(new RiskScenario(3, 3_000));
        assertEquals(data.orders().size(), data.warmUp().size() + data.train().size() + data.test().size());
        assertTrue(data.train().getLast().attempt().at().isBefore(RiskScenario.testFrom()));
        assertTrue(!data.test().getFirst().attempt().at().isBefore(RiskScenario.testFrom()));
        assertTrue(data.train().stream().anyMatch(LabelledOrder::fraud));
        assertTrue(data.test().stream().anyMatch(LabelledOrder::fraud));
    }
}
