package org.trustmall.ai.recsys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.trustmall.ai.AiException;

class BaselinesTest {
    private final SplitData data = Planted.data(400, 60, 7);

    private Metrics fitAndTest(Recommender r) {
        r.fit(data.training(), TrainingListener.NONE);
        return Evaluator.evaluate(r, data.itemCount(), data.test());
    }

    @Test
    void markovFindsThePlantedTransitionsThatPopularityCannotSee() {
        Metrics pop = fitAndTest(new Popularity());
        Metrics markov = fitAndTest(new Markov());
        assertTrue(markov.ndcg10() > 2 * pop.ndcg10(), "markov " + markov + " vs pop " + pop);
        assertTrue(markov.hr10() > 0.6, markov.toString());
        assertEquals(markov, fitAndTest(new Markov()), "the same data gives the same figures");
    }

    @Test
    void artifactsReadBackScoreIdentically() {
        for (Recommender r : new Recommender[] {new Popularity(), new Markov()}) {
            r.fit(data.training(), TrainingListener.NONE);
            Recommender back = RecommenderFormats.fromBytes(RecommenderFormats.toBytes(r));
            assertEquals(r.name(), back.name());
            for (SplitData.Case c : data.test().subList(0, 20)) {
                float[] a = new float[data.itemCount()];
                float[] b = new float[data.itemCount()];
                r.score(c.history(), a);
                back.score(c.history(), b);
                assertArrayEquals(a, b);
            }
        }
    }

    @Test
    void aModelArtifactKeepsItsItemIdsAndRefusesForeignBytes() {
        Recommender m = new Markov();
        m.fit(data.training(), TrainingListener.NONE);
        byte[] bytes = new ModelArtifact(data.itemIds(), m).toBytes();
        ModelArtifact back = ModelArtifact.fromBytes(bytes);
        assertEquals(data.itemIds(), back.itemIds());
        assertEquals(7, back.indexById().get("item-7"));
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        assertThrows(AiException.ArtifactRejected.class, () -> ModelArtifact.fromBytes(truncated));
        assertThrows(AiException.ArtifactRejected.class, () -> ModelArtifact.fromBytes("hello".getBytes()));
    }
}
