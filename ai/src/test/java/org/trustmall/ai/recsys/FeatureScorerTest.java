package org.trustmall.ai.recsys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.trustmall.ai.AiException;
import org.trustmall.data.ingest.Interaction;
import org.trustmall.data.normalise.FeatureNormaliser;
import org.trustmall.data.normalise.ItemFeatures;

/**
 * The item-feature scorer on planted logs: it learns that recency matters where it does (and then beats plain
 * popularity), keeps up with popularity where the future repeats the past, fits the same weights every time, and
 * travels inside the model artifact without changing a score.
 */
class FeatureScorerTest {
    private static final long DAY = 86_400_000L;

    /** A log split in time: what training sees, and the interactions after it that a ranking should predict. */
    private record Log(List<Interaction> past, List<Interaction> future, List<String> items,
                       Map<String, Double> prices) {
    }

    /**
     * 20 classics, much interacted with in days 0–50 and hardly since; 20 newcomers, fewer interactions each, all in
     * days 60–90 and growing. Days 90–100 (the future) go 85 % to the newcomers.
     */
    private static Log trending(long seed) {
        Random rnd = new Random(seed);
        List<Interaction> past = new ArrayList<>();
        List<Interaction> future = new ArrayList<>();
        List<String> items = new ArrayList<>();
        Map<String, Double> prices = new HashMap<>();
        int user = 0;
        for (int i = 0; i < 20; i++) {
            String item = "classic-" + i;
            items.add(item);
            prices.put(item, 1000.0 + rnd.nextInt(9000));
            for (int k = 0; k < 30 - i / 2; k++) {
                past.add(new Interaction("u" + (user++ % 700), item, rnd.nextLong(50 * DAY), "view", null));
            }
        }
        for (int i = 0; i < 20; i++) {
            String item = "new-" + i;
            items.add(item);
            prices.put(item, 1000.0 + rnd.nextInt(9000));
            for (int k = 0; k < 8 + i % 5; k++) {
                // Later within days 60–90 more often: square root of a uniform leans towards 1.
                long t = 60 * DAY + (long) (Math.sqrt(rnd.nextDouble()) * 30 * DAY);
                past.add(new Interaction("u" + (user++ % 700), item, t, "view", null));
            }
        }
        for (int k = 0; k < 400; k++) {
            String item = rnd.nextDouble() < 0.85 ? "new-" + rnd.nextInt(20) : "classic-" + rnd.nextInt(20);
            future.add(new Interaction("f" + k, item, 90 * DAY + rnd.nextLong(10 * DAY), "view", null));
        }
        return new Log(past, future, items, prices);
    }

    /** 40 items with stable, skewed popularity over all 100 days: the future repeats the past. */
    private static Log stationary(long seed) {
        Random rnd = new Random(seed);
        List<String> items = new ArrayList<>();
        Map<String, Double> prices = new HashMap<>();
        double[] weight = new double[40];
        double total = 0;
        for (int i = 0; i < 40; i++) {
            items.add("item-" + i);
            prices.put("item-" + i, 1000.0 + rnd.nextInt(9000));
            weight[i] = 1.0 / (i + 1);
            total += weight[i];
        }
        List<Interaction> past = new ArrayList<>();
        List<Interaction> future = new ArrayList<>();
        for (int k = 0; k < 1500; k++) {
            double u = rnd.nextDouble() * total;
            int i = 0;
            while (u > weight[i] && i < 39) {
                u -= weight[i++];
            }
            long t = rnd.nextLong(100 * DAY);
            (t < 90 * DAY ? past : future).add(new Interaction("u" + rnd.nextInt(600), items.get(i), t, "view", null));
        }
        return new Log(past, future, items, prices);
    }

    /** NDCG@10 of {@code ranking} (item ids, best first) over each future interaction's item. */
    private static double ndcg10(List<String> ranking, List<Interaction> future) {
        double sum = 0;
        for (Interaction i : future) {
            int r = ranking.indexOf(i.item());
            if (r >= 0 && r < 10) {
                sum += 1 / (Math.log(r + 2) / Math.log(2));
            }
        }
        return sum / future.size();
    }

    /** Items by interactions in the past, most first, ties to the first listed: plain popularity. */
    private static List<String> byPopularity(Log log) {
        Map<String, Integer> count = new HashMap<>();
        log.past().forEach(i -> count.merge(i.item(), 1, Integer::sum));
        List<String> out = new ArrayList<>(log.items());
        out.sort((a, b) -> Integer.compare(count.getOrDefault(b, 0), count.getOrDefault(a, 0)));
        return out;
    }

    /** Fits on the past with the past's stats (as a snapshot of it would store) and ranks on the past's features. */
    private static List<String> byScorer(Log log, FeatureScorer scorer) {
        Map<String, ItemFeatures.Row> rows = new HashMap<>();
        ItemFeatures.extract(log.past(), log.prices()).forEach(r -> rows.put(r.item(), r));
        Map<String, Double> score = new HashMap<>();
        for (String item : log.items()) {
            ItemFeatures.Row r = rows.getOrDefault(item, ItemFeatures.absent(item, log.prices()));
            score.put(item, scorer.score(r));
        }
        List<String> out = new ArrayList<>(log.items());
        out.sort((a, b) -> Double.compare(score.get(b), score.get(a)));
        return out;
    }

    private static FeatureScorer fit(Log log) {
        FeatureNormaliser snapshotStats = ItemFeatures.fit(ItemFeatures.extract(log.past(), log.prices()));
        return FeatureScorer.fit(log.past(), log.prices(), snapshotStats, FeatureScorer.Options.DEFAULT);
    }

    @Test
    void whereRecencyMattersTheFittedWeightsFavourFreshItemsAndBeatPopularity() {
        Log log = trending(11);
        FeatureScorer scorer = fit(log);

        double pop = ndcg10(byPopularity(log), log.future());
        double features = ndcg10(byScorer(log, scorer), log.future());

        int recency = FeatureScorer.INPUTS.indexOf("z.recency_days");
        assertTrue(scorer.weights()[recency] < 0, "more days since the last interaction, lower score: "
                + Arrays.toString(scorer.weights()));
        assertTrue(features > 3 * pop, "features " + features + " vs popularity " + pop);
        assertTrue(byScorer(log, scorer).subList(0, 10).stream().allMatch(i -> i.startsWith("new-")),
                "the newcomers lead: " + byScorer(log, scorer).subList(0, 10));
    }

    @Test
    void whereTheFutureRepeatsThePastTheScorerMatchesPopularity() {
        for (long seed : new long[] {5, 6, 7}) {
            Log log = stationary(seed);
            FeatureScorer scorer = fit(log);

            double pop = ndcg10(byPopularity(log), log.future());
            double features = ndcg10(byScorer(log, scorer), log.future());

            assertTrue(features >= pop - 0.01, "seed " + seed + ": features " + features + " vs popularity " + pop);
        }
    }

    @Test
    void theSameDataGivesTheSameWeightsBitForBit() {
        Log log = trending(3);
        FeatureScorer a = fit(log);
        List<Interaction> shuffled = new ArrayList<>(log.past());
        java.util.Collections.shuffle(shuffled, new Random(9));
        FeatureScorer b = FeatureScorer.fit(shuffled, log.prices(), a.normaliser(), FeatureScorer.Options.DEFAULT);

        assertArrayEquals(a.weights(), b.weights(), "input order does not matter; nothing is random");
        assertEquals(a.parameters(), b.parameters());
    }

    @Test
    void tooFewInteractionsToSplitAreRefused() {
        Log log = trending(3);
        FeatureNormaliser stats = ItemFeatures.fit(ItemFeatures.extract(log.past(), log.prices()));
        assertThrows(IllegalArgumentException.class, () -> FeatureScorer.fit(log.past().subList(0, 1),
                log.prices(), stats, FeatureScorer.Options.DEFAULT));
    }

    @Test
    void anArtifactWithItsFallbackReadsBackWithIdenticalScoresAndStats() {
        Log log = trending(7);
        FeatureScorer scorer = fit(log);
        Recommender pop = new Popularity();
        pop.fit(new TrainingSet(log.items().size(), List.of(new int[] {0, 1, 2}), null), TrainingListener.NONE);

        ModelArtifact back = ModelArtifact.fromBytes(new ModelArtifact(log.items(), pop, scorer).toBytes());

        assertEquals(log.items(), back.itemIds());
        assertEquals(scorer.normaliser().toJson(), back.fallback().normaliser().toJson(), "the snapshot's μ and σ");
        assertArrayEquals(scorer.weights(), back.fallback().weights());
        for (ItemFeatures.Row r : ItemFeatures.extract(log.past(), log.prices())) {
            assertEquals(Double.doubleToRawLongBits(scorer.score(r)),
                    Double.doubleToRawLongBits(back.fallback().score(r)), r.item());
        }
        assertEquals(scorer.parameters(), back.fallback().parameters());
    }

    @Test
    void anArtifactWithoutAFallbackIsWrittenAndReadInTheFirstFormatUnchanged() throws IOException {
        Recommender pop = new Popularity();
        pop.fit(new TrainingSet(3, List.of(new int[] {0, 1, 1, 2}), null), TrainingListener.NONE);
        List<String> ids = List.of("a", "b", "c");
        // The version-1 layout, written by hand as artifacts registered before the fallback were.
        ByteArrayOutputStream v1 = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(v1)) {
            out.writeUTF("TRUSTMALL-MODEL-ARTIFACT-1");
            out.writeInt(ids.size());
            for (String id : ids) {
                out.writeUTF(id);
            }
            RecommenderFormats.write(pop, out);
        }

        assertArrayEquals(v1.toByteArray(), new ModelArtifact(ids, pop).toBytes(), "same bytes, same hash");
        ModelArtifact back = ModelArtifact.fromBytes(v1.toByteArray());
        assertEquals(ids, back.itemIds());
        assertNull(back.fallback(), "no fallback: serving lists best sellers");
    }

    @Test
    void aTruncatedOrExtendedFallbackIsRefused() {
        Log log = trending(7);
        Recommender pop = new Popularity();
        pop.fit(new TrainingSet(log.items().size(), List.of(new int[] {0, 1}), null), TrainingListener.NONE);
        byte[] bytes = new ModelArtifact(log.items(), pop, fit(log)).toBytes();

        assertThrows(AiException.ArtifactRejected.class,
                () -> ModelArtifact.fromBytes(Arrays.copyOf(bytes, bytes.length - 3)));
        assertThrows(AiException.ArtifactRejected.class,
                () -> ModelArtifact.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)));
    }
}
