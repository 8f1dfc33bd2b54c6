package org.trustmall.data.normalise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.trustmall.data.ingest.Interaction;

/**
 * The numeric features of each item that ranking and cold-start use, measured on a set of interactions:
 * <ul>
 *   <li>{@code interactions}: how many events name the item;</li>
 *   <li>{@code users}: how many distinct users;</li>
 *   <li>{@code recency_days}: days from the item's last event to the last event of the whole set (0 for the
 *       freshest), so the feature is the same whenever the set is measured;</li>
 *   <li>{@code rating_mean}: the mean of its ratings, where it has any;</li>
 *   <li>{@code price}: from the catalogue, where the catalogue gives one.</li>
 * </ul>
 * A feature an item lacks is NaN in {@link Row#values()} and is left out of that feature's μ and σ. Pure and
 * deterministic: items come out in id order.
 */
public final class ItemFeatures {
    public static final List<String> FEATURES = List.of("interactions", "users", "recency_days", "rating_mean",
            "price");
    private static final double DAY_MS = 86_400_000.0;

    private ItemFeatures() {
    }

    /** One item's raw features in {@link #FEATURES} order; NaN where it has none. */
    public record Row(String item, double[] values) {
        /** The features it has, by name, in order. */
        public Map<String, Double> present() {
            Map<String, Double> out = new LinkedHashMap<>();
            for (int f = 0; f < FEATURES.size(); f++) {
                if (!Double.isNaN(values[f])) {
                    out.put(FEATURES.get(f), values[f]);
                }
            }
            return out;
        }
    }

    /** The features of every item of {@code interactions}; {@code prices} by item id (items without are NaN). */
    public static List<Row> extract(List<Interaction> interactions, Map<String, Double> prices) {
        record Acc(long[] count, Set<String> users, long[] last, double[] ratingSum, long[] ratings) {
        }
        Map<String, Acc> by = new TreeMap<>();
        long newest = Long.MIN_VALUE;
        for (Interaction i : interactions) {
            Acc a = by.computeIfAbsent(i.item(), k -> new Acc(new long[1], new HashSet<>(),
                    new long[] {Long.MIN_VALUE}, new double[1], new long[1]));
            a.count()[0]++;
            a.users().add(i.user());
            a.last()[0] = Math.max(a.last()[0], i.timestamp());
            if (i.rating() != null && Double.isFinite(i.rating())) {
                a.ratingSum()[0] += i.rating();
                a.ratings()[0]++;
            }
            newest = Math.max(newest, i.timestamp());
        }
        List<Row> out = new ArrayList<>(by.size());
        for (Map.Entry<String, Acc> e : by.entrySet()) {
            Acc a = e.getValue();
            Double price = prices.get(e.getKey());
            out.add(new Row(e.getKey(), new double[] {
                    a.count()[0],
                    a.users().size(),
                    (newest - a.last()[0]) / DAY_MS,
                    a.ratings()[0] == 0 ? Double.NaN : a.ratingSum()[0] / a.ratings()[0],
                    price == null || !Double.isFinite(price) ? Double.NaN : price}));
        }
        return out;
    }

    /**
     * The row of an item that no event of the measured set names: no interactions, no users (true zeros, not
     * missing values), no recency and no rating (NaN), and its price where {@code prices} has one. Rankers that score
     * a whole catalogue, events or not, fill the gaps of {@link #extract} with these.
     */
    public static Row absent(String item, Map<String, Double> prices) {
        Double price = prices.get(item);
        return new Row(item, new double[] {0, 0, Double.NaN, Double.NaN,
                price == null || !Double.isFinite(price) ? Double.NaN : price});
    }

    /** μ and σ of each feature over the items that have it. */
    public static FeatureNormaliser fit(List<Row> rows) {
        Map<String, ZScore.Stats> stats = new LinkedHashMap<>();
        for (int f = 0; f < FEATURES.size(); f++) {
            List<Double> present = new ArrayList<>();
            for (Row r : rows) {
                if (!Double.isNaN(r.values()[f])) {
                    present.add(r.values()[f]);
                }
            }
            stats.put(FEATURES.get(f), ZScore.fit(present.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return FeatureNormaliser.of(stats);
    }

    /** Prices from catalogue attributes named {@code price} that read as finite numbers. */
    public static Map<String, Double> prices(Map<String, Map<String, String>> attributesByItem) {
        Map<String, Double> out = new HashMap<>();
        attributesByItem.forEach((item, attributes) -> {
            String p = attributes.get("price");
            if (p != null) {
                try {
                    double v = Double.parseDouble(p.trim());
                    if (Double.isFinite(v)) {
                        out.put(item, v);
                    }
                } catch (NumberFormatException ignored) {
                    // a price that is not a number is no price
                }
            }
        });
        return out;
    }
}
