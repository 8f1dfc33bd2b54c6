package org.trustmall.ai.recsys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.trustmall.ai.AiException;

class MatrixFactorisationTest {
    private static final SplitData DATA = PlantedData.split(400, 11);

    private static MatrixFactorisation trained(long seed) {
        MatrixFactorisation m = new MatrixFactorisation(16, 0.1, 10, 8, 3, 0.7, seed);
        m.fit(DATA.training(), TrainingListener.NONE);
        return m;
    }

    @Test
    void itFindsThePlantedNextItemsWherePopularityCannot() {
        Recommender pop = new Popularity();
        pop.fit(DATA.training(), TrainingListener.NONE);
        Metrics popular = Evaluator.evaluate(pop, DATA.itemCount(), DATA.test());
        Metrics mf = Evaluator.evaluate(trained(3), DATA.itemCount(), DATA.test());
        assertTrue(mf.hr10() > 0.9, mf::toString);
        assertTrue(mf.ndcg10() > popular.ndcg10() + 0.4, mf + " vs pop " + popular);
    }

    @Test
    void trainingTwiceWithTheSameSeedGivesIdenticalScoresAndArtifacts() {
        MatrixFactorisation a = trained(5);
        MatrixFactorisation b = trained(5);
        assertTrue(PlantedData.sameScores(a, b, DATA.test(), DATA.itemCount()));
        assertArrayEquals(RecommenderFormats.toBytes(a), RecommenderFormats.toBytes(b));
        assertFalse(Arrays.equals(RecommenderFormats.toBytes(a), RecommenderFormats.toBytes(trained(6))),
                "the seed is what starts the factors");
    }

    @Test
    void aModelReadBackFromItsArtifactScoresIdentically() {
        MatrixFactorisation model = trained(9);
        Recommender back = RecommenderFormats.fromBytes(RecommenderFormats.toBytes(model));
        assertEquals("mf", back.name());
        assertEquals(model.parameters(), back.parameters());
        assertTrue(PlantedData.sameScores(model, back, DATA.test(), DATA.itemCount()));
    }

    @Test
    void anArtifactWhoseFactorsDoNotMatchItsParametersIsRejected() {
        MatrixFactorisation model = trained(9);
        byte[] good = RecommenderFormats.toBytes(model);
        byte[] bad = new String(good, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("\"factors\":16", "\"factors\":17").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThrows(AiException.ArtifactRejected.class, () -> RecommenderFormats.fromBytes(bad));
    }

    @Test
    void anEmptyOrUnknownHistoryIsRankedByPopularity() {
        MatrixFactorisation model = trained(9);
        float[] empty = new float[DATA.itemCount()];
        float[] unknown = new float[DATA.itemCount()];
        model.score(new int[0], empty);
        model.score(new int[] {-1, DATA.itemCount() + 5}, unknown);
        assertArrayEquals(empty, unknown);
        int best = 0;
        for (int i = 1; i < empty.length; i++) {
            best = empty[i] > empty[best] ? i : best;
        }
        assertTrue(best >= PlantedData.NOISE_FROM, "the most popular items are the noise items, got " + best);
    }

    @Test
    void parametersOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MatrixFactorisation(0, 1, 1, 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new MatrixFactorisation(8, 0, 1, 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new MatrixFactorisation(8, 1, 1, 1, 1, 1.5, 0));
    }
}
