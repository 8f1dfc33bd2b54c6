package org.trustmall.commerce.recommend;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.ai.recsys.FeatureScorer;
import org.trustmall.ai.recsys.ModelArtifact;
import org.trustmall.ai.serving.Ranker;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.catalogue.CatalogueService;
import org.trustmall.commerce.catalogue.CatalogueService.Product;
import org.trustmall.commerce.consent.ConsentService;

/**
 * {@link Recommendations} over the SQL database and an in-memory deployed model. A request reads the buyer's
 * history (their purchases and interaction events, newest last) and what is on sale now; the model ranks every
 * item it knows through a {@link Ranker} (history, excluded and unavailable items left out, pooled score buffers),
 * and the list is topped up with popular products when the model's runs short.
 *
 * <p>Popular products — for new buyers, buyers without personalisation consent, top-ups, and similar products of a
 * product the model does not know — are ranked by the deployed artifact's {@link FeatureScorer}: every active
 * product's live features are measured by {@link FeatureSource#live} (the rows and the {@code ItemFeatures} code the
 * training snapshot's features came from) and z-scored with exactly the μ and σ stored in the artifact, which are
 * never re-estimated here. That ranking is kept for {@value #FEATURES_TTL_SECONDS} seconds (and dropped at each
 * deployment); exclusions (bought, sold out, hidden) are applied per request. Only while no model is deployed, or
 * the deployed artifact carries no scorer (format version 1), do best sellers from the orders stand in.
 */
public final class ServedRecommendations implements Recommendations {
    /** How long the set of products not on sale may be cached: a sold-out product disappears within this. */
    private static final Duration AVAILABILITY_TTL = Duration.ofSeconds(2);
    private static final int HISTORY = 50;
    /** How long live item features and the fallback ranking over them are reused before being measured again. */
    static final int FEATURES_TTL_SECONDS = 60;

    private final Jdbi jdbi;
    private final CatalogueService catalogue;
    private final ConsentService consents;
    private final EventService events;
    private final InstantSource clock;
    private final String currency;
    private final Object refreshing = new Object();
    private volatile Deployed deployed;
    private volatile Unavailable unavailable;
    private volatile FallbackRanking fallbackRanking;

    /** {@code fallback} null when the artifact carries no feature scorer. */
    private record Deployed(String modelId, Ranker ranker, Map<String, Integer> index, long[] productIds,
                            FeatureScorer fallback) {
    }

    /** Every active product, best first by the feature scorer of model {@code modelId}, with its category. */
    private record FallbackRanking(String modelId, Instant readAt, long[] order, String[] categories) {
    }

    private record Unavailable(Instant readAt, Set<Long> ids) {
    }

    /** @param currency prices in this currency are the products' {@code price} feature (as in the snapshots) */
    public ServedRecommendations(Jdbi jdbi, CatalogueService catalogue, ConsentService consents, EventService events,
                                 String currency, InstantSource clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.consents = Objects.requireNonNull(consents, "consents");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.currency = Objects.requireNonNull(currency, "currency");
    }

    @Override
    public synchronized void deploy(String modelId, ModelArtifact artifact) {
        Objects.requireNonNull(modelId, "modelId");
        List<String> ids = artifact.itemIds();
        long[] products = new long[ids.size()];
        for (int i = 0; i < products.length; i++) {
            try {
                products[i] = Long.parseLong(ids.get(i));
            } catch (NumberFormatException e) {
                throw new CommerceException.InvalidInput("model", "item " + i + " is not a product id: " + ids.get(i));
            }
        }
        // The fallback ranking is never used here (popular lists come from the orders), so the model stands in.
        Ranker ranker = new Ranker(artifact.model(), artifact.model(), products.length);
        deployed = new Deployed(modelId, ranker, artifact.indexById(), products, artifact.fallback());
        fallbackRanking = null;
    }

    @Override
    public synchronized void withdraw(String modelId) {
        Deployed d = deployed;
        if (d != null && d.modelId().equals(modelId)) {
            deployed = null;
        }
    }

    @Override
    public Optional<String> deployedModel() {
        Deployed d = deployed;
        return d == null ? Optional.empty() : Optional.of(d.modelId());
    }

    @Override
    public Result forBuyer(Actor buyer, int limit) {
        Objects.requireNonNull(buyer, "buyer");
        if (!buyer.is(Role.BUYER)) {
            throw new CommerceException.Forbidden("recommendations are for buyers");
        }
        checkLimit(limit);
        Set<Long> bought = purchased(buyer.accountId());
        Deployed d = deployed;
        // Consent is read now: a withdrawal counts from this request on, and nothing personal is read without it.
        if (d != null && consents.allows(buyer.accountId(), ConsentService.PERSONALISATION)) {
            int[] history = indices(d, events.history(buyer, HISTORY));
            if (history.length > 0) {
                return topUp(d, rank(d, history, bought, limit), bought, limit);
            }
        }
        return topUp(d, List.of(), bought, limit);
    }

    @Override
    public Result similar(long productId, int limit) {
        checkLimit(limit);
        Product product = catalogue.get(null, productId); // NotFound for unknown or hidden products
        Deployed d = deployed;
        Integer index = d == null ? null : d.index().get(Long.toString(productId));
        if (index == null) {
            // Not in the model (no model yet, or newer than it): the category's popular products stand in.
            List<Product> popular = popular(d, limit, Set.of(productId), product.category());
            return new Result(popular, Basis.POPULAR, popular.isEmpty() ? null : fallbackModel(d));
        }
        List<Long> ranked = rank(d, new int[] {index}, Set.of(productId), limit);
        return new Result(catalogue.activeByIds(ranked), Basis.MODEL, d.modelId());
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new CommerceException.InvalidInput("limit", "must be between 1 and " + MAX_LIMIT);
        }
    }

    /** The model's best products for a history, excluding {@code exclude} and whatever is not on sale. */
    private List<Long> rank(Deployed d, int[] history, Set<Long> exclude, int limit) {
        Set<Long> off = unavailable();
        long[] products = d.productIds();
        List<Ranker.Scored> top = d.ranker().recommend(history, limit,
                item -> off.contains(products[item]) || exclude.contains(products[item]));
        List<Long> out = new ArrayList<>(top.size());
        for (Ranker.Scored s : top) {
            out.add(products[s.item()]);
        }
        return out;
    }

    /** The model's personalised list {@code ranked} (empty when it may not or cannot personalise), topped up. */
    private Result topUp(Deployed d, List<Long> ranked, Set<Long> bought, int limit) {
        List<Product> products = new ArrayList<>(catalogue.activeByIds(ranked));
        if (products.size() < limit) {
            Set<Long> seen = new HashSet<>(bought);
            products.forEach(p -> seen.add(p.id()));
            products.addAll(popular(d, limit - products.size(), seen, null));
        }
        if (!ranked.isEmpty() && !products.isEmpty()) {
            return new Result(products, Basis.PERSONALISED, d.modelId());
        }
        return new Result(products, Basis.POPULAR, products.isEmpty() ? null : fallbackModel(d));
    }

    /** The model whose feature scorer ranks popular lists, or null when best sellers do. */
    private static String fallbackModel(Deployed d) {
        return d == null || d.fallback() == null ? null : d.modelId();
    }

    /**
     * Popular products on sale and not excluded (of one category, when given): by the deployed model's feature
     * scorer, or best sellers when there is none.
     */
    private List<Product> popular(Deployed d, int limit, Set<Long> exclude, String categoryOrNull) {
        if (d == null || d.fallback() == null) {
            return bestSellers(limit, exclude, categoryOrNull);
        }
        FallbackRanking r = fallbackRanking(d);
        Set<Long> off = unavailable();
        List<Long> chosen = new ArrayList<>(limit);
        for (int i = 0; i < r.order().length && chosen.size() < limit; i++) {
            long id = r.order()[i];
            if (!exclude.contains(id) && !off.contains(id)
                    && (categoryOrNull == null || categoryOrNull.equals(r.categories()[i]))) {
                chosen.add(id);
            }
        }
        return catalogue.activeByIds(chosen);
    }

    /** The fallback ranking of {@code d}'s scorer over live features, measured again once it is too old. */
    private FallbackRanking fallbackRanking(Deployed d) {
        FallbackRanking r = fallbackRanking;
        if (fresh(r, d)) {
            return r;
        }
        synchronized (refreshing) {
            r = fallbackRanking;
            if (fresh(r, d)) {
                return r;
            }
            Map<Long, String> categories = new HashMap<>();
            jdbi.useHandle(h -> h.createQuery("SELECT id, category FROM products WHERE status = 'active'")
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
                    .forEach(e -> categories.put(e.getKey(), e.getValue())));
            List<Long> products = new ArrayList<>(categories.keySet());
            Map<Long, double[]> features = FeatureSource.live(jdbi, consents, currency, products);
            Map<Long, Double> score = new HashMap<>();
            for (long p : products) {
                score.put(p, d.fallback().score(features.get(p)));
            }
            // Best first; ties to the lower product id, so the order never depends on the database's.
            products.sort(Comparator.comparing((Long p) -> -score.get(p)).thenComparing(p -> p));
            long[] order = new long[products.size()];
            String[] cats = new String[products.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = products.get(i);
                cats[i] = categories.get(order[i]);
            }
            r = new FallbackRanking(d.modelId(), clock.instant(), order, cats);
            fallbackRanking = r;
            return r;
        }
    }

    private boolean fresh(FallbackRanking r, Deployed d) {
        Instant now = clock.instant();
        return r != null && r.modelId().equals(d.modelId()) && !now.isBefore(r.readAt())
                && now.isBefore(r.readAt().plusSeconds(FEATURES_TTL_SECONDS));
    }

    /** Best sellers (units in paid-onwards orders), then the newest, on sale and not excluded. */
    private List<Product> bestSellers(int limit, Set<Long> exclude, String categoryOrNull) {
        Set<Long> off = unavailable();
        int fetch = limit + exclude.size() + Math.min(off.size(), 200) + 10;
        String category = categoryOrNull == null ? "" : " AND p.category = :c";
        List<Long> ids = jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT p.id FROM products p LEFT JOIN (SELECT l.product_id, SUM(l.quantity) AS u "
                            + "FROM order_lines l JOIN orders o ON o.id = l.order_id "
                            + "WHERE o.state NOT IN ('created', 'cancelled') GROUP BY l.product_id) s "
                            + "ON s.product_id = p.id WHERE p.status = 'active'" + category
                            + " ORDER BY COALESCE(s.u, 0) DESC, p.created_at DESC, p.id DESC LIMIT :n")
                    .bind("n", fetch);
            if (categoryOrNull != null) {
                q.bind("c", categoryOrNull);
            }
            return q.mapTo(Long.class).list();
        });
        List<Long> chosen = new ArrayList<>(limit);
        for (long id : ids) {
            if (chosen.size() == limit) {
                break;
            }
            if (!exclude.contains(id) && !off.contains(id)) {
                chosen.add(id);
            }
        }
        return catalogue.activeByIds(chosen);
    }

    /** Products that must not be recommended now: hidden, or with no variant in stock. Cached briefly. */
    private Set<Long> unavailable() {
        Unavailable u = unavailable;
        Instant now = clock.instant();
        if (u == null || now.isAfter(u.readAt().plus(AVAILABILITY_TTL)) || now.isBefore(u.readAt())) {
            Set<Long> ids = Set.copyOf(jdbi.withHandle(h -> h.createQuery("SELECT p.id FROM products p "
                    + "WHERE p.status <> 'active' OR NOT EXISTS (SELECT 1 FROM variants v "
                    + "WHERE v.product_id = p.id AND v.stock > 0)").mapTo(Long.class).list()));
            u = new Unavailable(now, ids);
            unavailable = u;
        }
        return u.ids();
    }

    private Set<Long> purchased(long buyer) {
        return new HashSet<>(jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT l.product_id FROM orders o "
                        + "JOIN order_lines l ON l.order_id = o.id WHERE o.buyer_id = :b "
                        + "AND o.state NOT IN ('created', 'cancelled')")
                .bind("b", buyer).mapTo(Long.class).list()));
    }

    private static int[] indices(Deployed d, List<Long> products) {
        List<Integer> out = new ArrayList<>(products.size());
        for (long p : products) {
            Integer i = d.index().get(Long.toString(p));
            if (i != null) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
