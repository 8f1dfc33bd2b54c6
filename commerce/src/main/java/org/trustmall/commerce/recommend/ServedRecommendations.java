package org.trustmall.commerce.recommend;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
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
 */
public final class ServedRecommendations implements Recommendations {
    /** How long the set of products not on sale may be cached: a sold-out product disappears within this. */
    private static final Duration AVAILABILITY_TTL = Duration.ofSeconds(2);
    private static final int HISTORY = 50;

    private final Jdbi jdbi;
    private final CatalogueService catalogue;
    private final ConsentService consents;
    private final EventService events;
    private final InstantSource clock;
    private volatile Deployed deployed;
    private volatile Unavailable unavailable;

    private record Deployed(String modelId, Ranker ranker, Map<String, Integer> index, long[] productIds) {
    }

    private record Unavailable(Instant readAt, Set<Long> ids) {
    }

    public ServedRecommendations(Jdbi jdbi, CatalogueService catalogue, ConsentService consents, EventService events,
                                 InstantSource clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.consents = Objects.requireNonNull(consents, "consents");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
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
        deployed = new Deployed(modelId, ranker, artifact.indexById(), products);
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
                List<Long> ranked = rank(d, history, bought, limit);
                return topUp(ranked, bought, limit, Basis.PERSONALISED, d.modelId());
            }
        }
        return topUp(List.of(), bought, limit, Basis.POPULAR, null);
    }

    @Override
    public Result similar(long productId, int limit) {
        checkLimit(limit);
        Product product = catalogue.get(null, productId); // NotFound for unknown or hidden products
        Deployed d = deployed;
        Integer index = d == null ? null : d.index().get(Long.toString(productId));
        if (index == null) {
            // Not in the model (no model yet, or newer than it): the category's best sellers stand in.
            return new Result(popular(limit, Set.of(productId), product.category()), Basis.POPULAR, null);
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

    private Result topUp(List<Long> ranked, Set<Long> bought, int limit, Basis basis, String modelId) {
        List<Product> products = new ArrayList<>(catalogue.activeByIds(ranked));
        if (products.size() < limit) {
            Set<Long> seen = new HashSet<>(bought);
            products.forEach(p -> seen.add(p.id()));
            products.addAll(popular(limit - products.size(), seen, null));
        }
        return new Result(products, products.isEmpty() || ranked.isEmpty() ? Basis.POPULAR : basis,
                ranked.isEmpty() ? null : modelId);
    }

    /** Best sellers (units in paid-onwards orders), then the newest, on sale and not excluded. */
    private List<Product> popular(int limit, Set<Long> exclude, String categoryOrNull) {
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
