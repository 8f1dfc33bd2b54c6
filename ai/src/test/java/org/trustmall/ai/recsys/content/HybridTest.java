package org.trustmall.ai.recsys.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustmall.ai.recsys.content.ContentSimilarityTest.rank;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.trustmall.ai.recsys.Catalogue;
import org.trustmall.ai.recsys.Evaluator;
import org.trustmall.ai.recsys.Markov;
import org.trustmall.ai.recsys.Metrics;
import org.trustmall.ai.recsys.Popularity;
import org.trustmall.ai.recsys.Recommender;
import org.trustmall.ai.recsys.RecommenderFormats;
import org.trustmall.ai.recsys.TrainingListener;

class HybridTest {
    private static final PlantedTopics DATA = PlantedTopics.generate(11);

    private static Hybrid trained(double weight) {
        Hybrid model = new Hybrid(new Markov(), new ContentSimilarity(0.7), weight);
        model.fit(DATA.training(), TrainingListener.NONE);
        return model;
    }

    private static float[] scores(Recommender model, int[] history, int items) {
        float[] out = new float[items];
        model.score(history, out);
        return out;
    }

    @Test
    void theBlendBeatsPopularityAndRanksColdItemsTheBaseCannot() {
        Recommender pop = new Popularity();
        pop.fit(DATA.training(), TrainingListener.NONE);
        Markov markov = new Markov();
        markov.fit(DATA.training(), TrainingListener.NONE);
        Hybrid hybrid = trained(0.4);
        Metrics popular = Evaluator.evaluate(pop, DATA.itemCount(), DATA.cases);
        Metrics blended = Evaluator.evaluate(hybrid, DATA.itemCount(), DATA.cases);
        assertTrue(blended.ndcg10() > popular.ndcg10() + 0.15, "hybrid " + blended + ", popularity " + popular);
        Metrics coldBase = Evaluator.evaluate(markov, DATA.itemCount(), DATA.coldCases);
        Metrics coldBlend = Evaluator.evaluate(hybrid, DATA.itemCount(), DATA.coldCases);
        assertTrue(coldBase.hr10() < 0.2, "Markov never saw the cold items: " + coldBase);
        assertTrue(coldBlend.hr10() > 0.8, "the text brings them into the top ten: " + coldBlend);
    }

    @Test
    void weightOneIsTheBaseAloneAndZeroTheContentAlone() {
        Markov markov = new Markov();
        markov.fit(DATA.training(), TrainingListener.NONE);
        ContentSimilarity content = new ContentSimilarity(0.7);
        content.fit(DATA.training(), TrainingListener.NONE);
        assertEquals(Evaluator.evaluate(markov, DATA.itemCount(), DATA.cases).ndcg10(),
                Evaluator.evaluate(trained(1.0), DATA.itemCount(), DATA.cases).ndcg10(), 1e-12);
        assertEquals(Evaluator.evaluate(content, DATA.itemCount(), DATA.cases).ndcg10(),
                Evaluator.evaluate(trained(0.0), DATA.itemCount(), DATA.cases).ndcg10(), 1e-12);
    }

    @Test
    void theSameDataGiveIdenticalNumbers() {
        Metrics first = Evaluator.evaluate(trained(0.4), DATA.itemCount(), DATA.cases);
        Metrics second = Evaluator.evaluate(trained(0.4), DATA.itemCount(), DATA.cases);
        assertEquals(first, second);
    }

    @Test
    void theArtifactNestsTheBaseAndReadsBackToIdenticalScores() {
        Hybrid model = trained(0.2);
        byte[] artifact = RecommenderFormats.toBytes(model);
        Hybrid back = assertInstanceOf(Hybrid.class, RecommenderFormats.fromBytes(artifact));
        assertInstanceOf(Markov.class, back.base());
        assertEquals(model.parameters(), back.parameters());
        for (int[] h : List.of(new int[] {0, 1, 2}, new int[] {8, 9}, new int[] {5, 20, 33}, new int[0])) {
            assertArrayEquals(scores(model, h, DATA.itemCount()), scores(back, h, DATA.itemCount()));
        }
        assertArrayEquals(artifact, RecommenderFormats.toBytes(back));
    }

    @Test
    void aProductAddedAfterTrainingIsRankedForTheShoppersItResembles() {
        Hybrid model = trained(0.2);
        int index = model.addItem("Microscope slide storage box for 100 slides");
        int[] microscopy = {16, 17, 18};
        float[] s = scores(model, microscopy, index + 1);
        assertTrue(Float.isFinite(s[index]));
        assertTrue(rank(s, index, microscopy) <= 10, "new slide box for a microscope buyer: rank "
                + rank(s, index, microscopy));
        int[] tape = {40, 41, 42};
        assertTrue(rank(scores(model, tape, index + 1), index, tape) > 10, "but not for a tape buyer");
    }

    @Test
    void theCatalogueBlendsContentWithTheSequentialItemKnnBase() {
        List<Catalogue.Candidate> candidates = Catalogue.candidates("hybrid");
        assertTrue(candidates.size() >= 2);
        for (Catalogue.Candidate c : candidates) {
            Hybrid h = assertInstanceOf(Hybrid.class, c.build().apply(1));
            assertEquals("itemknn", h.base().name());
        }
    }
}
