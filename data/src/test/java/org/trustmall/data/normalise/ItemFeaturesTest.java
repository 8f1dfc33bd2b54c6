package org.trustmall.data.normalise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trustmall.data.ingest.Interaction;

/** The per-item features and their z-score stats, by hand on a small set. */
class ItemFeaturesTest {
    private static final long DAY = 86_400_000L;

    @Test
    void eachItemGetsItsCountsRecencyRatingMeanAndPriceAndMissingOnesStayMissing() {
        List<Interaction> rows = List.of(
                new Interaction("u1", "a", 0, "view", null),
                new Interaction("u1", "a", DAY, "rating", 4.0),
                new Interaction("u2", "a", 2 * DAY, "rating", 2.0),
                new Interaction("u2", "b", 10 * DAY, "purchase", null));

        List<ItemFeatures.Row> features = ItemFeatures.extract(rows, Map.of("b", 99.5, "zzz", 1.0));

        assertEquals(List.of("a", "b"), features.stream().map(ItemFeatures.Row::item).toList());
        assertArrayEquals(new double[] {3, 2, 8, 3, Double.NaN}, features.get(0).values());
        assertArrayEquals(new double[] {1, 1, 0, Double.NaN, 99.5}, features.get(1).values());
        assertEquals(Map.of("interactions", 1.0, "users", 1.0, "recency_days", 0.0, "price", 99.5),
                features.get(1).present());

        FeatureNormaliser n = ItemFeatures.fit(features);
        assertEquals(ItemFeatures.FEATURES, n.features());
        assertEquals(2.0, n.stats("interactions").mean());
        assertEquals(1.0, n.stats("interactions").std());
        assertEquals(1, n.stats("rating_mean").count());
        assertEquals(0, n.apply("price", 99.5), "one price: constant, so 0");
        assertEquals(1.0, n.apply("interactions", 3));
    }

    @Test
    void anItemNoEventNamesHasNoInteractionsNoUsersNoRecencyNoRatingButItsPrice() {
        Map<String, Double> prices = Map.of("zzz", 1.0, "bad", Double.NaN);

        assertArrayEquals(new double[] {0, 0, Double.NaN, Double.NaN, 1.0},
                ItemFeatures.absent("zzz", prices).values());
        assertArrayEquals(new double[] {0, 0, Double.NaN, Double.NaN, Double.NaN},
                ItemFeatures.absent("bad", prices).values());
        assertEquals(Map.of("interactions", 0.0, "users", 0.0), ItemFeatures.absent("none", prices).present());
    }

    @Test
    void pricesAreReadOnlyWhereTheCatalogueGivesANumber() {
        Map<String, Double> prices = ItemFeatures.prices(Map.of("a", Map.of("price", " 12.5 "),
                "b", Map.of("price", "call us"), "c", Map.of("colour", "red"), "d", Map.of("price", "NaN")));
        assertEquals(Map.of("a", 12.5), prices);
        assertTrue(ItemFeatures.extract(List.of(), prices).isEmpty());
    }
}
