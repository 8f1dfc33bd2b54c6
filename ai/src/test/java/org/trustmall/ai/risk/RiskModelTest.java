package org.trustmall.ai.risk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trustmall.ai.AiException;

/** Both models on a small generated scenario (a few thousand attempts, so this stays quick). */
class RiskModelTest {
    private static double[][] train;
    private static int[] labels;
    private static double[][] test;

    @BeforeAll
    static void generate() {
        RiskDataset data = OrderGenerator.generate(new RiskScenario(17, 3_000));
        List<LabelledOrder> rows = data.train();
        train = data.features(rows);
        labels = RiskDataset.labels(rows);
        test = data.features(data.test());
    }

    static Stream<Function<Long, RiskModel>> trainers() {
        return Stream.of(seed -> BoostedTreesRiskModel.train(train, labels, seed),
                seed -> LogisticRiskModel.train(train, labels));
    }

    @ParameterizedTest
    @MethodSource("trainers")
    void trainingTwiceOnTheSameRowsAndSeedGivesIdenticalScoresAndArtifacts(Function<Long, RiskModel> trainer) {
        RiskModel a = trainer.apply(42L);
        RiskModel b = trainer.apply(42L);
        assertArrayEquals(a.scores(test), b.scores(test));
        assertArrayEquals(a.artifact(), b.artifact());
        assertEquals(a.sha256(), b.sha256());
    }

    @ParameterizedTest
    @MethodSource("trainers")
    void aModelReadBackFromItsArtifactScoresAndExplainsExactlyAsTheOriginal(Function<Long, RiskModel> trainer) {
        RiskModel model = trainer.apply(42L);
        RiskModel copy = RiskModel.read(model.artifact(), model.sha256());
        assertEquals(model.name(), copy.name());
        assertEquals(model.sha256(), copy.sha256());
        assertEquals(RiskModel.sha256(model.artifact()), copy.sha256());
        assertArrayEquals(model.scores(test), copy.scores(test));
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(model.contributions(test[i]), copy.contributions(test[i]));
            assertEquals(model.score(test[i]), copy.score(test[i]));
        }
    }

    @ParameterizedTest
    @MethodSource("trainers")
    void contributionsPlusTheBiasAddUpToTheMarginWhoseSigmoidIsTheScore(Function<Long, RiskModel> trainer) {
        RiskModel model = trainer.apply(42L);
        boolean trees = model instanceof BoostedTreesRiskModel;
        for (int i = 0; i < test.length; i += Math.max(1, test.length / 50)) {
            double[] x = test[i];
            double[] c = model.contributions(x);
            assertEquals(RiskFeatures.COUNT, c.length);
            double sum = model.bias(x);
            for (double v : c) {
                sum += v;
            }
            double margin = model.margin(x);
            assertEquals(margin, sum, trees ? 1e-4 : 1e-9, "row " + i);
            assertEquals(1 / (1 + Math.exp(-margin)), model.score(x), trees ? 1e-6 : 1e-12, "row " + i);
        }
    }

    @Test
    void scoringOneRowOrManyGivesTheSameScores() {
        RiskModel model = BoostedTreesRiskModel.train(train, labels, 1);
        double[] batch = model.scores(test);
        for (int i = 0; i < 30; i++) {
            assertEquals(batch[i], model.score(test[i]));
        }
    }

    @Test
    void anArtifactWhoseHashIsNotTheRegisteredOneIsRejectedBeforeLoading() {
        RiskModel model = LogisticRiskModel.train(train, labels);
        byte[] tampered = model.artifact();
        tampered[tampered.length - 1] ^= 1;
        AiException.ArtifactRejected e = assertThrows(AiException.ArtifactRejected.class,
                () -> RiskModel.read(tampered, model.sha256()));
        assertTrue(e.getMessage().contains(model.sha256()), e.getMessage());
        assertThrows(AiException.ArtifactRejected.class, () -> RiskModel.read("not a model".getBytes()));
        byte[] truncated = Arrays.copyOf(model.artifact(), model.artifact().length - 9);
        assertThrows(AiException.ArtifactRejected.class, () -> RiskModel.read(truncated));
    }

    @Test
    void aVectorOfTheWrongLengthIsRefused() {
        RiskModel model = LogisticRiskModel.train(train, labels);
        assertThrows(IllegalArgumentException.class, () -> model.score(new double[RiskFeatures.COUNT - 1]));
    }

    @Test
    void theTreesFindMoreOfTheFraudThanChanceOnHeldOutOrders() {
        RiskDataset data = OrderGenerator.generate(new RiskScenario(17, 3_000));
        int[] y = RiskDataset.labels(data.test());
        double[] s = BoostedTreesRiskModel.train(train, labels, 42).scores(test);
        double base = (double) Arrays.stream(y).sum() / y.length;
        assertTrue(RankingMetrics.averagePrecision(s, y) > 3 * base, "PR-AUC against a base rate of " + base);
        assertTrue(RankingMetrics.rocAuc(s, y) > 0.8);
    }
}
