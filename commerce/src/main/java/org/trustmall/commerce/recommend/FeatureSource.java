package org.trustmall.commerce.recommend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.consent.ConsentService;
import org.trustmall.data.ingest.Interaction;
import org.trustmall.data.normalise.ItemFeatures;

/**
 * What item features are measured on, read one way for training snapshots and for serving, so that the live features
 * the fallback ranker scores are computed exactly as the snapshot's were (same rows, same prices, same
 * {@link ItemFeatures#extract}) and the stored μ and σ mean the same thing on both sides.
 */
final class FeatureSource {
    private FeatureSource() {
    }

    /** The interactions that training may use now, and how many accounts were left out for want of consent. */
    record Consenting(List<Interaction> rows, int personsLeftOut) {
    }

    /**
     * Every interaction ({@link Interactions#all}: not erased) of an account whose {@code personalisation} consent
     * stands now, each account named by {@code name} (a pseudonym for snapshots), item by product id.
     */
    static Consenting interactions(Jdbi jdbi, ConsentService consents, LongFunction<String> name) {
        Map<Long, Boolean> allowed = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        List<Interaction> rows = new ArrayList<>();
        Interactions.all(jdbi, r -> {
            if (allowed.computeIfAbsent(r.account(), a -> consents.allows(a, ConsentService.PERSONALISATION))) {
                rows.add(new Interaction(names.computeIfAbsent(r.account(), name::apply), Long.toString(r.product()),
                        r.at().toEpochMilli(), r.kind(), r.rating() == null ? null : r.rating().doubleValue()));
            }
        });
        return new Consenting(rows, (int) allowed.values().stream().filter(a -> !a).count());
    }

    /** Each product's lowest variant price in {@code currency}, in minor units: the {@code price} feature. */
    static Map<String, Double> prices(Jdbi jdbi, String currency) {
        Map<String, Double> out = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT product_id, MIN(price_minor) FROM variants WHERE currency = :c "
                        + "GROUP BY product_id").bind("c", currency)
                .map((rs, ctx) -> Map.entry(Long.toString(rs.getLong(1)), (double) rs.getLong(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    /**
     * The live features of {@code products} (raw, {@link ItemFeatures#FEATURES} order): measured on the interactions
     * consent covers now and today's prices, a product no such interaction names getting {@link ItemFeatures#absent}.
     */
    static Map<Long, double[]> live(Jdbi jdbi, ConsentService consents, String currency, List<Long> products) {
        Map<String, Double> prices = prices(jdbi, currency);
        // Distinct users are all that features need of a person: the account id names them here, never stored.
        List<Interaction> rows = interactions(jdbi, consents, a -> Long.toString(a)).rows();
        Map<String, ItemFeatures.Row> measured = new HashMap<>();
        ItemFeatures.extract(rows, prices).forEach(r -> measured.put(r.item(), r));
        Map<Long, double[]> out = new HashMap<>();
        for (long p : products) {
            String id = Long.toString(p);
            ItemFeatures.Row r = measured.get(id);
            out.put(p, (r != null ? r : ItemFeatures.absent(id, prices)).values());
        }
        return out;
    }
}
