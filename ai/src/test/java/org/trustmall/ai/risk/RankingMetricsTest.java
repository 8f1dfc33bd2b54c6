package org.trustmall.ai.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RankingMetricsTest {

    @Test
    void aPerfectRankingScoresOneEverywhere() {
        double[] s = {0.9, 0.8, 0.3, 0.2, 0.1};
        int[] y = {1, 1, 0, 0, 0};
        assertEquals(1.0, RankingMetrics.averagePrecision(s, y), 1e-12);
        assertEquals(1.0, RankingMetrics.rocAuc(s, y), 1e-12);
        assertEquals(1.0, RankingMetrics.recallAtFpr(s, y, 0.01), 1e-12);
    }

    @Test
    void averagePrecisionAveragesThePrecisionAtEachPositive() {
        // Ranked: +, -, +, -, -  → precision 1 at the first positive, 2/3 at the second.
        double[] s = {0.9, 0.8, 0.7, 0.2, 0.1};
        int[] y = {1, 0, 1, 0, 0};
        assertEquals((1.0 + 2.0 / 3) / 2, RankingMetrics.averagePrecision(s, y), 1e-12);
        // Pairs (positive, negative) in order: 5 of 6 right.
        assertEquals(5.0 / 6, RankingMetrics.rocAuc(s, y), 1e-12);
    }

    @Test
    void tiedScoresAreFlaggedTogetherAndCountHalfInRocAuc() {
        double[] s = {0.5, 0.5, 0.5, 0.5};
        int[] y = {1, 0, 1, 0};
        assertEquals(0.5, RankingMetrics.rocAuc(s, y), 1e-12);
        assertEquals(0.5, RankingMetrics.averagePrecision(s, y), 1e-12);
        // Flagging the tie would flag every negative: no threshold stays under 1 % FPR.
        assertEquals(0.0, RankingMetrics.recallAtFpr(s, y, 0.01), 1e-12);
    }

    @Test
    void recallAtOnePercentFprStopsBeforeTheSecondFalsePositiveInAHundredNegatives() {
        int negatives = 100;
        double[] s = new double[negatives + 4];
        int[] y = new int[negatives + 4];
        // Positives at 0.99, 0.98; one negative at 0.97; a positive at 0.96; a negative at 0.95; a positive at 0.01.
        s[0] = 0.99;
        y[0] = 1;
        s[1] = 0.98;
        y[1] = 1;
        s[2] = 0.97;
        s[3] = 0.96;
        y[3] = 1;
        s[4] = 0.95;
        for (int i = 5; i < s.length - 1; i++) {
            s[i] = 0.5 - i * 1e-3;
        }
        s[s.length - 1] = 0.01;
        y[s.length - 1] = 1;
        assertEquals(0.75, RankingMetrics.recallAtFpr(s, y, 0.01), 1e-12);
        assertEquals(0.96, RankingMetrics.thresholdAtFpr(s, y, 0.01), 1e-12);
    }
}
