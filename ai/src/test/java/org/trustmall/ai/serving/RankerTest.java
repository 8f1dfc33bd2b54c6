package org.trustmall.ai.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.trustmall.ai.recsys.ItemKnn;
import org.trustmall.ai.recsys.PlantedData;
import org.trustmall.ai.recsys.Popularity;
import org.trustmall.ai.recsys.SplitData;
import org.trustmall.ai.recsys.TrainingListener;

class RankerTest {
    private static final SplitData DATA = PlantedData.split(400, 13);
    private static final Ranker RANKER = ranker();

    private static Ranker ranker() {
        ItemKnn knn = ItemKnn.cosine(20);
        knn.fit(DATA.training(), TrainingListener.NONE);
        Popularity pop = new Popularity();
        pop.fit(DATA.training(), TrainingListener.NONE);
        return new Ranker(knn, pop, DATA.itemCount());
    }

    private static List<Integer> items(List<Ranker.Scored> ranked) {
        return ranked.stream().map(Ranker.Scored::item).toList();
    }

    @Test
    void recommendationsFollowThePlantedPatternBestFirst() {
        // Cluster 2 is items 10..14; a user who met 10 and 11 should be offered the rest of it first.
        List<Ranker.Scored> top = RANKER.recommend(new int[] {10, 11}, 5, Ranker.NOTHING);
        assertEquals(5, top.size());
        assertEquals(List.of(12, 13, 14), items(top).subList(0, 3).stream().sorted().toList(), top::toString);
        for (int i = 1; i < top.size(); i++) {
            assertTrue(top.get(i - 1).score() >= top.get(i).score(), top::toString);
        }
    }

    @Test
    void historyItemsAndExcludedItemsAreNeverRecommended() {
        BitSet outOfStock = new BitSet();
        outOfStock.set(12);
        outOfStock.set(PlantedData.NOISE_FROM, PlantedData.ITEMS - 2);
        List<Ranker.Scored> top = RANKER.recommend(new int[] {10, 11, 14}, PlantedData.ITEMS, outOfStock::get);
        assertEquals(PlantedData.ITEMS - 3 - outOfStock.cardinality(), top.size());
        assertEquals(13, top.getFirst().item());
        for (int item : items(top)) {
            assertFalse(item == 10 || item == 11 || item == 14 || outOfStock.get(item), "got " + item);
        }
    }

    @Test
    void theExclusionIsAskedOnlyAboutItemsThatWouldEnterTheTopList() {
        AtomicInteger asked = new AtomicInteger();
        RANKER.recommend(new int[] {10}, 3, item -> asked.incrementAndGet() < 0);
        assertTrue(asked.get() < PlantedData.ITEMS, "asked " + asked.get() + " times");
    }

    @Test
    void anEmptyOrUnknownHistoryGetsThePopularityFallback() {
        List<Ranker.Scored> popular = RANKER.popular(4, Ranker.NOTHING);
        assertEquals(popular, RANKER.recommend(new int[0], 4, Ranker.NOTHING));
        assertEquals(popular, RANKER.recommend(new int[] {-3, PlantedData.ITEMS}, 4, Ranker.NOTHING));
        for (Ranker.Scored s : popular) {
            assertTrue(s.item() >= PlantedData.NOISE_FROM, "the noise items are the most popular: " + popular);
        }
        int first = popular.getFirst().item();
        assertEquals(popular.subList(1, 4), RANKER.popular(3, item -> item == first));
    }

    @Test
    void similarItemsAreTheModelsNeighboursWithoutTheItemItself() {
        List<Integer> similar = items(RANKER.similar(20, 4, Ranker.NOTHING));
        assertEquals(List.of(21, 22, 23, 24), similar.stream().sorted().toList());
        assertEquals(List.of(), RANKER.similar(PlantedData.ITEMS, 4, Ranker.NOTHING));
        assertFalse(items(RANKER.similar(20, 4, item -> item == 21)).contains(21));
    }

    @Test
    void concurrentRequestsGetWhatTheyWouldGetOneAtATime() throws Exception {
        List<int[]> histories = new ArrayList<>();
        for (SplitData.Case c : DATA.test()) {
            histories.add(c.history());
        }
        List<List<Ranker.Scored>> alone = new ArrayList<>();
        for (int[] h : histories) {
            alone.add(RANKER.recommend(h, 10, Ranker.NOTHING));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<List<Ranker.Scored>>> together = new ArrayList<>();
            for (int[] h : histories) {
                together.add(pool.submit(() -> RANKER.recommend(h, 10, Ranker.NOTHING)));
            }
            for (int i = 0; i < histories.size(); i++) {
                assertEquals(alone.get(i), together.get(i).get());
            }
        }
    }

    @Test
    void askingForNoItemsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RANKER.recommend(new int[] {1}, 0, Ranker.NOTHING));
        assertThrows(IllegalArgumentException.class, () -> RANKER.popular(-1, Ranker.NOTHING));
    }
}
