package org.trustmall.ai.recsys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trustmall.ai.AiException;

class ItemKnnTest {
    private static final SplitData DATA = PlantedData.split(400, 7);

    private static ItemKnn trained(ItemKnn model) {
        model.fit(DATA.training(), TrainingListener.NONE);
        return model;
    }

    @Test
    void everyCandidateFindsThePlantedNextItemsWherePopularityCannot() {
        Recommender pop = new Popularity();
        pop.fit(DATA.training(), TrainingListener.NONE);
        Metrics popular = Evaluator.evaluate(pop, DATA.itemCount(), DATA.test());
        for (Catalogue.Candidate c : Catalogue.candidates("itemknn")) {
            Recommender knn = c.build().apply(1L);
            knn.fit(DATA.training(), TrainingListener.NONE);
            Metrics m = Evaluator.evaluate(knn, DATA.itemCount(), DATA.test());
            assertTrue(m.hr10() > 0.95, c.label() + ": " + m);
            assertTrue(m.ndcg10() > popular.ndcg10() + 0.5, c.label() + ": " + m + " vs pop " + popular);
        }
    }

    @Test
    void trainingTwiceOnTheSameDataGivesIdenticalScoresAndMetrics() {
        ItemKnn a = trained(new ItemKnn(20, 0, 0.9, 0.8, 0.8, 0.8));
        ItemKnn b = trained(new ItemKnn(20, 0, 0.9, 0.8, 0.8, 0.8));
        assertTrue(PlantedData.sameScores(a, b, DATA.test(), DATA.itemCount()));
        assertEquals(Evaluator.evaluate(a, DATA.itemCount(), DATA.valid()),
                Evaluator.evaluate(b, DATA.itemCount(), DATA.valid()));
        assertArrayEquals(RecommenderFormats.toBytes(a), RecommenderFormats.toBytes(b));
    }

    @Test
    void aModelReadBackFromItsArtifactScoresIdentically() {
        ItemKnn model = trained(new ItemKnn(20, 3, 0.5, 0.5, 0.7, 0.5));
        Recommender back = RecommenderFormats.fromBytes(RecommenderFormats.toBytes(model));
        assertEquals("itemknn", back.name());
        assertEquals(model.parameters(), back.parameters());
        assertTrue(PlantedData.sameScores(model, back, DATA.test(), DATA.itemCount()));
    }

    @Test
    void aTruncatedArtifactIsRejected() {
        byte[] bytes = RecommenderFormats.toBytes(trained(ItemKnn.cosine(20)));
        assertThrows(AiException.ArtifactRejected.class,
                () -> RecommenderFormats.fromBytes(Arrays.copyOf(bytes, bytes.length - 3)));
    }

    @Test
    void withHistoryDecayTheMoreRecentItemsNeighboursRankFirst() {
        // 0 is always followed by 1, and 2 by 3; a history "0 then 2" should prefer 3 when recent items weigh more.
        TrainingSet pairs = new TrainingSet(4, List.of(new int[] {0, 1}, new int[] {2, 3}, new int[] {0, 1},
                new int[] {2, 3}), null);
        ItemKnn recent = new ItemKnn(10, 0, 1, 1, 0.5, 0.5);
        ItemKnn alike = new ItemKnn(10, 0, 1, 1, 0.5, 1);
        recent.fit(pairs, TrainingListener.NONE);
        alike.fit(pairs, TrainingListener.NONE);
        float[] s = new float[4];
        recent.score(new int[] {0, 2}, s);
        assertTrue(s[3] > s[1], Arrays.toString(s));
        alike.score(new int[] {0, 2}, s);
        assertEquals(s[3], s[1], 1e-6f, Arrays.toString(s));
    }

    @Test
    void directionAndWindowDecideWhatCountsAsANeighbour() {
        // 0 1 2 3: with window 1 and no backward weight, 1 is 0's only neighbour; 2 follows 1, 0 precedes it.
        TrainingSet line = new TrainingSet(4, List.of(new int[] {0, 1, 2, 3}), null);
        ItemKnn forward = new ItemKnn(10, 1, 1, 0, 0.5, 1);
        forward.fit(line, TrainingListener.NONE);
        float[] s = new float[4];
        forward.score(new int[] {1}, s);
        assertTrue(s[2] > 0.1f && s[0] < 0.01f && s[3] < 0.01f, Arrays.toString(s));
    }

    @Test
    void eachItemKeepsOnlyItsMostSimilarNeighbours() {
        ItemKnn one = trained(new ItemKnn(1, 0, 1, 1, 0.5, 1));
        float[] s = new float[DATA.itemCount()];
        for (int item = 0; item < DATA.itemCount(); item++) {
            one.score(new int[] {item}, s);
            long neighbours = 0;
            for (float v : s) {
                if (v > 1e-5f) {
                    neighbours++;
                }
            }
            assertTrue(neighbours <= 1, "item " + item + " has " + neighbours + " neighbours");
        }
    }

    @Test
    void parametersOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ItemKnn(0, 0, 1, 1, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new ItemKnn(10, 0, 1, 1, 1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new ItemKnn(10, 0, 1, 1, 0.5, 0));
    }
}
