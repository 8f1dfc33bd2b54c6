package org.trustmall.ai.recsys.sasrec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import org.trustmall.ai.recsys.SplitData;
import org.trustmall.ai.recsys.TrainingListener;

class SasRecTest {
    /** Small enough to train in seconds; two heads and a short window so that multi-head attention and the
     *  cutting of long sequences are exercised. */
    static final SasRecConfig SMALL = new SasRecConfig(32, 1, 2, 8, 0.1f, 5e-3f, 32, 12, 1);
    static final int ITEMS = 40;

    static SplitData planted;
    static SasRec model;

    @BeforeAll
    static void trainOnce() {
        planted = plantedChains(300, 11);
        model = new SasRec(SMALL, 7);
        model.fit(planted.training(), TrainingListener.NONE);
    }

    @AfterAll
    static void release() {
        model.close();
    }

    /**
     * Users walk along a ring of items: the next item is the current one plus one with probability 0.85, else any
     * item. Popularity is nearly flat, so only a model of the sequence ranks the next item well. Split leave-one-out.
     */
    static SplitData plantedChains(int users, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> train = new ArrayList<>();
        List<SplitData.Case> valid = new ArrayList<>();
        List<SplitData.Case> test = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            int[] s = new int[5 + random.nextInt(8)];
            s[0] = random.nextInt(ITEMS);
            for (int i = 1; i < s.length; i++) {
                s[i] = random.nextDouble() < 0.85 ? (s[i - 1] + 1) % ITEMS : random.nextInt(ITEMS);
            }
            int[] head = Arrays.copyOf(s, s.length - 2);
            train.add(head);
            valid.add(new SplitData.Case(u, head, s[s.length - 2]));
            test.add(new SplitData.Case(u, Arrays.copyOf(s, s.length - 1), s[s.length - 1]));
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            ids.add("item" + i);
        }
        return new SplitData(ITEMS, ids, null, train, valid, test);
    }

    static int[][] probeHistories() {
        int[] longer = new int[25];
        Arrays.setAll(longer, i -> (3 + i) % ITEMS);
        return new int[][] {{5}, {5, 6, 7}, {}, longer, {12, -1, 13, ITEMS + 3}, {39, 0, 1, 2, 3, 4, 5, 6, 7, 8}};
    }

    static float[][] scores(Recommender r, int[][] histories) {
        float[][] out = new float[histories.length][ITEMS];
        r.scoreBatch(histories, out);
        return out;
    }

    @Test
    void theSameSeedTrainsTheSameModelAndADifferentSeedAnotherOne() {
        Metrics first = Evaluator.evaluate(model, ITEMS, planted.test());
        try (SasRec again = new SasRec(SMALL, 7); SasRec other = new SasRec(SMALL, 8)) {
            again.fit(planted.training(), TrainingListener.NONE);
            other.fit(planted.training(), TrainingListener.NONE);
            assertEquals(first, Evaluator.evaluate(again, ITEMS, planted.test()));
            float[][] expected = scores(model, probeHistories());
            float[][] repeated = scores(again, probeHistories());
            float[][] reseeded = scores(other, probeHistories());
            for (int i = 0; i < expected.length; i++) {
                assertArrayEquals(expected[i], repeated[i], "history " + i);
            }
            assertFalse(Arrays.equals(expected[1], reseeded[1]), "another seed must give other weights");
        }
    }

    @Test
    void learnsAPlantedSequenceFarBetterThanPopularity() {
        Popularity pop = new Popularity();
        pop.fit(planted.training(), TrainingListener.NONE);
        Metrics popular = Evaluator.evaluate(pop, ITEMS, planted.test());
        Metrics learned = Evaluator.evaluate(model, ITEMS, planted.test());
        assertTrue(learned.ndcg10() > 0.6, "sasrec " + learned);
        assertTrue(learned.ndcg10() > 3 * popular.ndcg10(), "sasrec " + learned + " vs pop " + popular);
    }

    @Test
    void aModelReadBackFromItsArtifactScoresIdentically() {
        byte[] artifact = RecommenderFormats.toBytes(model);
        Recommender back = RecommenderFormats.fromBytes(artifact);
        try (SasRec read = assertInstanceOf(SasRec.class, back)) {
            assertEquals("sasrec", read.name());
            assertEquals(model.parameters(), read.parameters());
            assertEquals(model.config(), read.config());
            float[][] expected = scores(model, probeHistories());
            float[][] actual = scores(read, probeHistories());
            for (int i = 0; i < expected.length; i++) {
                assertArrayEquals(expected[i], actual[i], "history " + i);
            }
            assertArrayEquals(artifact, RecommenderFormats.toBytes(read), "writing again gives the same bytes");
        }
    }

    @Test
    void aTruncatedArtifactIsRejected() {
        byte[] artifact = RecommenderFormats.toBytes(model);
        byte[] cut = Arrays.copyOf(artifact, artifact.length - 100);
        assertThrows(AiException.ArtifactRejected.class, () -> RecommenderFormats.fromBytes(cut));
    }

    @Test
    void aHistoryLongerThanTheWindowIsScoredByItsLastItems() {
        int[] longer = probeHistories()[3];
        int[] tail = Arrays.copyOfRange(longer, longer.length - SMALL.maxLength(), longer.length);
        float[] a = new float[ITEMS];
        float[] b = new float[ITEMS];
        model.score(longer, a);
        model.score(tail, b);
        assertArrayEquals(b, a);
    }

    @Test
    void anEmptyHistoryIsRankedByPopularityAndUnknownItemsAreIgnored() {
        float[] empty = new float[ITEMS];
        model.score(new int[0], empty);
        Popularity pop = new Popularity();
        pop.fit(planted.training(), TrainingListener.NONE);
        float[] popular = new float[ITEMS];
        pop.score(new int[0], popular);
        assertArrayEquals(popular, empty);
        float[] unknownOnly = new float[ITEMS];
        model.score(new int[] {-4, ITEMS}, unknownOnly);
        assertArrayEquals(popular, unknownOnly);
        float[] mixed = new float[ITEMS];
        float[] clean = new float[ITEMS];
        model.score(new int[] {12, -1, 13, ITEMS + 3}, mixed);
        model.score(new int[] {12, 13}, clean);
        assertArrayEquals(clean, mixed);
    }

    @Test
    void scoringOneHistoryAtATimeAgreesWithScoringABatch() {
        int[][] histories = probeHistories();
        float[][] batch = scores(model, histories);
        for (int i = 0; i < histories.length; i++) {
            float[] single = new float[ITEMS];
            model.score(histories[i], single);
            assertArrayEquals(single, batch[i], 1e-5f, "history " + i);
        }
    }

    @Test
    void manyThreadsScoringAtOnceGetWhatOneThreadGets() throws Exception {
        int[][] histories = new int[300][];
        for (int u = 0; u < histories.length; u++) {
            histories[u] = planted.test().get(u).history();
        }
        float[][] expected = scores(model, histories);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[][]>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                results.add(pool.submit(() -> scores(model, histories)));
            }
            for (Future<float[][]> f : results) {
                float[][] got = f.get();
                for (int i = 0; i < histories.length; i++) {
                    assertArrayEquals(expected[i], got[i], "history " + i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void scoringFreesTheNativeMemoryItAllocates() {
        int before = model.nativeArrays();
        for (int i = 0; i < 50; i++) {
            scores(model, probeHistories());
        }
        assertEquals(before, model.nativeArrays());
        assertEquals(Network.layout(SMALL, ITEMS).size() + 2, before, "only the weights and two constants stay");
    }

    @Test
    void trainingScoringAndClosingLeaveNoNativeArraysBehind() {
        NDManager probe = Torch.engine().newBaseManager();
        NDManager system = probe.getParentManager();
        probe.close();
        int before = system.getManagedArrays().size();
        try (SasRec shortLived = new SasRec(SMALL.withEpochs(2), 9)) {
            shortLived.fit(planted.training(), planted.valid(), 0, TrainingListener.NONE);
            scores(shortLived, probeHistories());
            assertTrue(system.getManagedArrays().size() > before, "the trained weights are native arrays");
        }
        assertEquals(before, system.getManagedArrays().size());
    }

    @Test
    void trainingWithValidationKeepsTheBestEpochAndReportsEachOne() {
        List<String> notes = new ArrayList<>();
        long[] progress = new long[2];
        TrainingListener listener = new TrainingListener() {
            @Override
            public void progressed(String m, long done, long total) {
                progress[0] = done;
                progress[1] = total;
            }

            @Override
            public void note(String m, String message) {
                notes.add(message);
            }
        };
        try (SasRec early = new SasRec(SMALL.withEpochs(30), 3)) {
            early.fit(planted.training(), planted.valid(), 2, listener);
            List<Metrics> history = early.validationHistory().getFirst();
            double best = history.stream().mapToDouble(Metrics::ndcg10).max().orElseThrow();
            assertEquals(best, Evaluator.evaluate(early, ITEMS, planted.valid()).ndcg10(), 1e-12);
            assertTrue(notes.getFirst().startsWith("epoch 1/30 loss "), notes.getFirst());
            assertTrue(notes.getFirst().contains("valid ndcg@10"), notes.getFirst());
            assertEquals(30, progress[1]);
            assertEquals(30, progress[0], "progress ends at the total even when training stops early");
        }
    }

    @Test
    void anEnsembleSumsMembersTrainedFromDifferentSeedsAndRoundTripsExactly() {
        try (SasRec pair = new SasRec(SMALL.withMembers(2), 7)) {
            pair.fit(planted.training(), TrainingListener.NONE);
            assertEquals(2 * (Network.layout(SMALL, ITEMS).size() + 2), pair.nativeArrays());
            float[][] single = scores(model, probeHistories());
            float[][] summed = scores(pair, probeHistories());
            assertFalse(Arrays.equals(single[1], summed[1]), "the second member adds its own scores");
            Metrics learned = Evaluator.evaluate(pair, ITEMS, planted.test());
            assertTrue(learned.ndcg10() > 0.6, "ensemble " + learned);
            try (SasRec read = (SasRec) RecommenderFormats.fromBytes(RecommenderFormats.toBytes(pair))) {
                float[][] back = scores(read, probeHistories());
                for (int i = 0; i < summed.length; i++) {
                    assertArrayEquals(summed[i], back[i], "history " + i);
                }
            }
        }
    }

    @Test
    void anUntrainedModelRefusesToScore() {
        try (SasRec untrained = new SasRec(SMALL, 1)) {
            assertThrows(IllegalStateException.class, () -> untrained.score(new int[] {1}, new float[ITEMS]));
        }
    }

    @Test
    void theCatalogueOffersTheFamilyAndTheArtifactFormatKnowsIt() {
        List<Catalogue.Candidate> candidates = Catalogue.candidates("sasrec");
        assertEquals(List.of("sasrec-h128-b2-d0.6-e18", "sasrec-h128-b2-d0.6-e18-x3"),
                candidates.stream().map(Catalogue.Candidate::label).toList());
        Recommender built = candidates.getFirst().build().apply(5);
        assertEquals("sasrec", built.name());
        assertEquals(5L, built.parameters().get("seed"));
        assertTrue(Catalogue.families().contains("sasrec"));
    }
}
