package org.trustmall.ai.recsys.content;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trustmall.ai.AiException;
import org.trustmall.ai.recsys.Catalogue;
import org.trustmall.ai.recsys.Evaluator;
import org.trustmall.ai.recsys.Metrics;
import org.trustmall.ai.recsys.Popularity;
import org.trustmall.ai.recsys.Recommender;
import org.trustmall.ai.recsys.RecommenderFormats;
import org.trustmall.ai.recsys.TrainingListener;
import org.trustmall.ai.recsys.TrainingSet;
import org.trustmall.ai.text.EncoderModel;
import org.trustmall.ai.text.Encoders;
import org.trustmall.ai.text.TextEncoder;

class ContentSimilarityTest {
    private static final PlantedTopics DATA = PlantedTopics.generate(7);
    private static final int[] GLOVES = {0, 1, 2};
    private static final int[] BATTERIES = {8, 9, 10};

    /** A private encoder: vectors computed afresh, not taken from the shared cache. */
    private static TextEncoder fresh;

    @BeforeAll
    static void open() {
        fresh = TextEncoder.open(EncoderModel.allMiniLmL6V2());
    }

    @AfterAll
    static void close() {
        fresh.close();
    }

    private static ContentSimilarity trained(double decay) {
        ContentSimilarity model = new ContentSimilarity(decay);
        model.fit(DATA.training(), TrainingListener.NONE);
        return model;
    }

    @Test
    void itemsLikeTheHistoryRankFarAbovePopularOnes() {
        Recommender pop = new Popularity();
        pop.fit(DATA.training(), TrainingListener.NONE);
        Metrics popular = Evaluator.evaluate(pop, DATA.itemCount(), DATA.cases);
        Metrics content = Evaluator.evaluate(trained(0.5), DATA.itemCount(), DATA.cases);
        assertTrue(content.ndcg10() > popular.ndcg10() + 0.15, "content " + content + ", popularity " + popular);
        assertTrue(content.hr10() > 0.9, "the target's topic fills the top ten: " + content);
    }

    @Test
    void anItemNobodyBoughtIsRankedByItsText() {
        Metrics cold = Evaluator.evaluate(trained(0.5), DATA.itemCount(), DATA.coldCases);
        assertTrue(cold.hr10() > 0.9, "cold items of the history's topic reach the top ten: " + cold);
    }

    @Test
    void theSameTextsGiveIdenticalScores() {
        ContentSimilarity a = new ContentSimilarity(0.5, fresh);
        a.fit(DATA.training(), TrainingListener.NONE);
        ContentSimilarity b = new ContentSimilarity(0.5, fresh);
        b.fit(DATA.training(), TrainingListener.NONE);
        assertEquals(Evaluator.evaluate(a, DATA.itemCount(), DATA.cases),
                Evaluator.evaluate(b, DATA.itemCount(), DATA.cases));
        for (int[] h : List.of(GLOVES, BATTERIES, new int[] {5, 20, 33})) {
            assertArrayEquals(scores(a, h), scores(b, h));
        }
    }

    @Test
    void recentItemsWeighMoreUnderDecay() {
        int[] glovesThenBatteries = {0, 1, 2, 8};
        float[] recent = scores(trained(0.3), glovesThenBatteries);
        float[] flat = scores(trained(1.0), glovesThenBatteries);
        // Battery 9 against glove 3: the last item dominates under decay, the three gloves under a flat mean.
        assertTrue(recent[9] > recent[3], "decayed: battery " + recent[9] + " glove " + recent[3]);
        assertTrue(flat[3] > flat[9], "flat: glove " + flat[3] + " battery " + flat[9]);
    }

    @Test
    void anEmptyHistoryScoresEveryItemZero() {
        float[] s = scores(trained(0.5), new int[0]);
        for (float v : s) {
            assertEquals(0f, v);
        }
    }

    @Test
    void aProductAddedAfterTrainingIsScoredByItsText() {
        ContentSimilarity model = trained(0.5);
        String text = "Powder-free nitrile gloves, extra large";
        float alone = model.score(GLOVES, text);
        int index = model.addItem(text);
        assertEquals(DATA.itemCount(), index);
        assertEquals(DATA.itemCount() + 1, model.itemCount());
        float[] forGloves = scores(model, GLOVES);
        assertEquals(alone, forGloves[index]);
        assertTrue(rank(forGloves, index, GLOVES) <= 5, "new gloves rank among the first for a glove buyer");
        assertTrue(rank(scores(model, BATTERIES), index, BATTERIES) > DATA.itemCount() / 2,
                "and low for a battery buyer");
    }

    @Test
    void theArtifactReadsBackToIdenticalScoresAndStillTakesNewProducts() {
        ContentSimilarity model = trained(0.7);
        model.addItem("Safety goggles with anti-fog lenses");
        byte[] artifact = RecommenderFormats.toBytes(model);
        ContentSimilarity back = assertInstanceOf(ContentSimilarity.class, RecommenderFormats.fromBytes(artifact));
        assertEquals(model.itemCount(), back.itemCount());
        assertEquals(Map.of("decay", 0.7, "encoder", EncoderModel.ALL_MINILM_L6_V2_Q), back.parameters());
        for (int[] h : List.of(GLOVES, BATTERIES, new int[] {5, 20, 33}, new int[0])) {
            assertArrayEquals(scores(model, h), scores(back, h));
        }
        assertArrayEquals(artifact, RecommenderFormats.toBytes(back));
        int added = back.addItem("Rechargeable lithium battery pack");
        assertTrue(rank(scores(back, BATTERIES), added, BATTERIES) <= 5);
    }

    @Test
    void dataWithoutItemTextIsRefusedWithAReason() {
        TrainingSet noText = new TrainingSet(DATA.itemCount(), DATA.train, null);
        AiException e = assertThrows(AiException.class, () -> new ContentSimilarity(0.5).fit(noText,
                TrainingListener.NONE));
        assertTrue(e.getMessage().contains("item text"), e.getMessage());
    }

    @Test
    void itemsWithoutTextScoreZeroAndTheOthersAsBefore() {
        List<String> someMissing = new ArrayList<>(DATA.texts);
        someMissing.set(4, null);
        someMissing.set(12, " ");
        ContentSimilarity model = new ContentSimilarity(0.5, Encoders.miniLm());
        model.fit(new TrainingSet(DATA.itemCount(), DATA.train, someMissing), TrainingListener.NONE);
        float[] s = scores(model, GLOVES);
        assertEquals(0f, s[4]);
        assertEquals(0f, s[12]);
        assertTrue(s[3] > 0.3f);
    }

    @Test
    void theCatalogueOffersContentCandidatesOverTheSharedEncoder() {
        List<Catalogue.Candidate> candidates = Catalogue.candidates("content");
        assertTrue(candidates.size() >= 2);
        for (Catalogue.Candidate c : candidates) {
            assertEquals("content", c.build().apply(1).name());
        }
    }

    static float[] scores(Recommender model, int[] history) {
        int n = model instanceof ContentSimilarity c ? c.itemCount() : DATA.itemCount();
        float[] out = new float[n];
        model.score(history, out);
        return out;
    }

    /** The 1-based rank of {@code item} among the items not in the history. */
    static int rank(float[] scores, int item, int[] history) {
        int above = 0;
        for (int j = 0; j < scores.length; j++) {
            int other = j;
            if (j != item && Arrays.stream(history).noneMatch(h -> h == other) && scores[j] >= scores[item]) {
                above++;
            }
        }
        return above + 1;
    }
}
