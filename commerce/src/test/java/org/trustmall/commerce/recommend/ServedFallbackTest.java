package org.trustmall.commerce.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ai.recsys.FeatureScorer;
import org.trustmall.ai.recsys.ModelArtifact;
import org.trustmall.ai.recsys.ModelSelection;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.Marketplace;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.catalogue.CatalogueService;
import org.trustmall.commerce.catalogue.CatalogueService.Product;
import org.trustmall.commerce.consent.ConsentService;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.orders.OrderService;
import org.trustmall.data.normalise.ItemFeatures;

/**
 * The non-personalised list after a real training run: a planted catalogue where six classics were viewed a lot a
 * month ago and six newcomers a little lately, and the latest views all go to newcomers. The fitted item-feature
 * weights favour the newcomers, and a buyer without personalisation consent gets them in the weights' order, scored on
 * live features with the snapshot's stored μ and σ, never a bought, sold-out or hidden one.
 */
class ServedFallbackTest {
    @TempDir
    Path dir;
    private Marketplace m;
    private final List<Long> classics = new ArrayList<>();
    private final List<Long> newcomers = new ArrayList<>();

    @BeforeEach
    void market() {
        m = new Marketplace(TestDatabases.Kind.H2, dir, c -> c);
        for (int i = 0; i < 6; i++) {
            classics.add(m.t.product(m.shop, "Classic " + i, "CLASSIC-" + i, Money.of(5_000 + 100 * i, "CNY"), 20)
                    .id());
        }
        for (int i = 0; i < 6; i++) {
            newcomers.add(m.t.product(m.shop, "Newcomer " + i, "NEW-" + i, Money.of(5_050 + 100 * i, "CNY"), 20)
                    .id());
        }
        List<Actor> buyers = new ArrayList<>();
        for (int b = 0; b < 16; b++) {
            buyers.add(m.t.buyer("shopper" + b));
        }
        for (int b = 0; b < buyers.size(); b++) {
            for (int s = 0; s < 4; s++) {
                view(buyers.get(b), classics.get((b + s) % 6));
            }
        }
        m.clock.advance(Duration.ofDays(30));
        for (int b = 0; b < buyers.size(); b++) {
            for (int s = 0; s < 2; s++) {
                view(buyers.get(b), newcomers.get((b + s) % 6));
            }
        }
    }

    private RecommenderTraining training() {
        return new RecommenderTraining(m.commerce().trainingSnapshots(), m.commerce().models(),
                m.commerce().recommendations(), m.commerce().catalogue(), List.of("pop", "markov"), 42);
    }

    private void view(Actor buyer, long product) {
        m.commerce().events().record(buyer, product, EventService.VIEW, null);
        m.clock.advance(Duration.ofMinutes(1));
    }

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void aBuyerWithoutConsentGetsTheProductsTheFittedWeightsFavourScoredWithTheStoredMeanAndStd() {
        RecommenderTraining.Outcome o = training().train(ModelSelection.Listener.NONE);
        assertTrue(o.trained(), o::note);
        FeatureScorer scorer = ModelArtifact.fromBytes(m.commerce().models().load(o.model().id()).bytes()).fallback();
        assertNotNull(scorer, "the registered artifact carries the fallback, under the registered hash");
        assertEquals(o.snapshot().normaliser().toJson(), scorer.normaliser().toJson(), "the snapshot's μ and σ");
        assertTrue(o.model().parameters().containsKey("fallback.w.z.recency_days"), "weights on the ledger");

        Actor private_ = m.t.buyer("private");
        m.commerce().consents().set(private_, ConsentService.PERSONALISATION, false);
        Recommendations.Result r = m.commerce().recommendations().forBuyer(private_, 4);

        assertEquals(Recommendations.Basis.POPULAR, r.basis());
        assertEquals(o.model().id(), r.modelId(), "ranked by the model's item-feature scorer");
        List<Long> expected = expectedOrder(o.snapshot(), scorer, Set.of());
        assertEquals(expected.subList(0, 4), ids(r));
        assertTrue(newcomers.containsAll(ids(r)), "recent interest outweighs old volume: " + ids(r));
        assertTrue(interactions(o.snapshot(), classics.get(0)) > interactions(o.snapshot(), ids(r).get(0)),
                "plain popularity would have listed a classic first");
        assertEquals(ids(r), ids(m.commerce().recommendations().forBuyer(m.t.buyer("newbie"), 4)),
                "a new buyer with consent but no history gets the same list");

        // Bought, sold out, hidden: none of them is listed; the rest keep the weights' order.
        long bought = expected.get(0);
        long soldOut = expected.get(1);
        long hidden = expected.get(2);
        m.commerce().carts().add(private_, "NEW-" + newcomers.indexOf(bought), 1);
        m.orders().pay(private_, m.orders().checkout(private_, new OrderService.CheckoutRequest(Marketplace.BEIJING),
                null).get(0).id(), new OrderService.PaymentRequest(Marketplace.VISA), null);
        m.t.jdbi().useHandle(h -> h.createUpdate("UPDATE variants SET stock = 0 WHERE product_id = :p")
                .bind("p", soldOut).execute());
        m.commerce().catalogue().update(m.shop, hidden, new CatalogueService.ProductPatch(null, null, null,
                CatalogueService.Status.HIDDEN, null, null));
        m.clock.advance(Duration.ofSeconds(ServedRecommendations.FEATURES_TTL_SECONDS + 1));

        List<Long> after = ids(m.commerce().recommendations().forBuyer(private_, 4));

        assertFalse(after.contains(bought) || after.contains(soldOut) || after.contains(hidden), after::toString);
        // The private buyer's purchase is not in the live features (no consent), so the order is unchanged.
        List<Long> rest = new ArrayList<>(expected);
        rest.removeAll(List.of(bought, soldOut, hidden));
        assertEquals(rest.subList(0, 4), after);
    }

    @Test
    void anArtifactWhoseFallbackWeightsWereAlteredIsRefusedBeforeItIsRead() throws Exception {
        String id = training().train(ModelSelection.Listener.NONE).model().id();
        m.commerce().recommendations().withdraw(id);
        Path file = m.commerce().models().artifactPath(id);
        byte[] bytes = Files.readAllBytes(file);
        // The artifact ends with the scorer's weights: the last byte is part of the last weight.
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);

        assertThrows(ModelRejected.class, () -> training().deployLatest());
        assertTrue(m.commerce().recommendations().deployedModel().isEmpty());
    }

    @Test
    void withoutADeployedModelBestSellersStandIn() {
        Recommendations.Result r = m.commerce().recommendations().forBuyer(m.t.buyer("early"), 3);
        assertEquals(Recommendations.Basis.POPULAR, r.basis());
        assertNull(r.modelId(), "no model: the best sellers from the orders");
        assertEquals(3, r.products().size());
    }

    /**
     * Every active product in stock, best first by {@code scorer} on the features measured from the snapshot's own
     * rows and prices (the live data hold exactly those interactions), ties to the lower id.
     */
    private List<Long> expectedOrder(TrainingSnapshots.TrainingSnapshot s, FeatureScorer scorer, Set<Long> drop) {
        Map<String, ItemFeatures.Row> rows = new HashMap<>();
        ItemFeatures.extract(s.interactions(), s.prices()).forEach(r -> rows.put(r.item(), r));
        List<Long> active = m.t.jdbi().withHandle(h -> h.createQuery("SELECT p.id FROM products p "
                + "WHERE p.status = 'active' AND EXISTS (SELECT 1 FROM variants v WHERE v.product_id = p.id "
                + "AND v.stock > 0)").mapTo(Long.class).list());
        Map<Long, Double> score = new HashMap<>();
        for (long p : active) {
            String id = Long.toString(p);
            score.put(p, scorer.score(rows.getOrDefault(id, ItemFeatures.absent(id, s.prices()))));
        }
        List<Long> out = new ArrayList<>(active);
        out.removeAll(drop);
        out.sort((a, b) -> score.get(a).equals(score.get(b)) ? Long.compare(a, b)
                : Double.compare(score.get(b), score.get(a)));
        return out;
    }

    private static long interactions(TrainingSnapshots.TrainingSnapshot s, long product) {
        return s.interactions().stream().filter(i -> i.item().equals(Long.toString(product))).count();
    }

    private static List<Long> ids(Recommendations.Result r) {
        return r.products().stream().map(Product::id).toList();
    }
}
