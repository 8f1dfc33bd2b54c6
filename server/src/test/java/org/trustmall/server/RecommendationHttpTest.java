package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustmall.server.CommerceJourneyTest.address;
import static org.trustmall.server.CommerceJourneyTest.product;
import static org.trustmall.server.CommerceJourneyTest.register;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ai.recsys.Markov;
import org.trustmall.ai.recsys.ModelArtifact;
import org.trustmall.ai.recsys.TrainingListener;
import org.trustmall.ai.recsys.TrainingSet;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;

/** Recommendations over real HTTP: consent-gated personalisation, exclusions, similar products, errors. */
class RecommendationHttpTest {
    @TempDir
    Path dir;
    private TestPlatform p;
    private Http http;
    private final List<Long> products = new ArrayList<>();

    @BeforeEach
    void start() {
        p = TestPlatform.start(dir, TestDatabases.Kind.H2, TestCommerce.CHEAP_HASHER);
        http = p.http;
        String shop = register(http, "shop@example.com", "merchant", "Shop");
        for (int i = 0; i < 6; i++) {
            // Product 3 is sold out.
            products.add(http.post("/api/v1/products", shop, product("Gadget " + i, "GAD-" + i, 1_000 + i,
                    i == 3 ? 0 : 20)).json().get("id").asLong());
        }
        // A model that learnt: after 0 people take 3 (sold out), then 1, then 2; after 1 comes 4.
        List<String> ids = products.stream().map(String::valueOf).toList();
        Markov markov = new Markov();
        markov.fit(new TrainingSet(6, List.of(new int[] {0, 3}, new int[] {0, 3}, new int[] {0, 3},
                new int[] {0, 1, 4}, new int[] {0, 1, 4}, new int[] {0, 2}), null), TrainingListener.NONE);
        p.commerce.recommendations().deploy("model-under-test", new ModelArtifact(ids, markov));
    }

    @AfterEach
    void stop() {
        p.close();
    }

    private void buy(String buyer, String sku, String key) {
        http.post("/api/v1/cart/items", buyer, Map.of("sku", sku, "quantity", 1));
        long order = http.post("/api/v1/orders", buyer, Map.of("shippingAddress", address()),
                Map.of("Idempotency-Key", key)).json().get("orders").get(0).get("id").asLong();
        assertEquals(200, http.post("/api/v1/orders/" + order + "/pay", buyer, Map.of("cardNumber",
                "4242424242424242"), Map.of("Idempotency-Key", key + "-pay")).status());
    }

    private static List<Long> ids(JsonNode list) {
        List<Long> out = new ArrayList<>();
        list.get("items").forEach(i -> out.add(i.get("id").asLong()));
        return out;
    }

    @Test
    void aConsentingBuyerGetsTheModelsNextItemsWithoutSoldOutOrBoughtProducts() {
        String buyer = register(http, "b@example.com", "buyer", "Buyer");
        buy(buyer, "GAD-0", "rec-buy-0001");
        Http.Response r = http.get("/api/v1/recommendations?limit=3", buyer);
        assertEquals(200, r.status(), r::toString);
        assertEquals("personalised", r.json().get("basis").asText());
        assertTrue(r.json().get("personalised").asBoolean());
        assertEquals("model-under-test", r.json().get("modelId").asText());
        List<Long> got = ids(r.json());
        assertEquals(3, got.size());
        assertEquals(products.get(1), got.get(0), "the strongest transition from product 0 that is on sale");
        assertEquals(products.get(2), got.get(1));
        assertFalse(got.contains(products.get(0)), "already bought");
        assertFalse(got.contains(products.get(3)), "sold out");
    }

    @Test
    void withdrawingPersonalisationGivesTheNonPersonalisedListFromTheNextRequest() {
        String buyer = register(http, "b@example.com", "buyer", "Buyer");
        buy(buyer, "GAD-0", "rec-buy-0002");
        assertTrue(http.get("/api/v1/recommendations", buyer).json().get("personalised").asBoolean());
        assertEquals(200, http.send("PUT", "/api/v1/me/consents/personalisation", buyer, "{\"granted\":false}",
                Map.of("Content-Type", "application/json")).status());
        JsonNode next = http.get("/api/v1/recommendations", buyer).json();
        assertEquals("popular", next.get("basis").asText());
        assertFalse(next.get("personalised").asBoolean());
        assertFalse(next.has("modelId"));
        assertFalse(ids(next).contains(products.get(0)), "still never what they bought");
        assertFalse(ids(next).contains(products.get(3)));
    }

    @Test
    void aNewBuyerGetsPopularProductsBestSellersFirst() {
        String first = register(http, "first@example.com", "buyer", "First");
        buy(first, "GAD-5", "rec-buy-0003");
        String fresh = register(http, "new@example.com", "buyer", "New");
        JsonNode r = http.get("/api/v1/recommendations?limit=5", fresh).json();
        assertEquals("popular", r.get("basis").asText());
        assertEquals(products.get(5), ids(r).get(0), "the best seller leads");
        assertEquals(5, ids(r).size(), "five of the six products are on sale");
    }

    @Test
    void similarProductsComeFromTheModelForAnyoneAndLeaveOutTheProductItself() {
        JsonNode r = http.get("/api/v1/products/" + products.get(0) + "/similar?limit=2", null).json();
        assertEquals("model", r.get("basis").asText());
        assertEquals(List.of(products.get(1), products.get(2)), ids(r));
        JsonNode after1 = http.get("/api/v1/products/" + products.get(1) + "/similar?limit=1", null).json();
        assertEquals(List.of(products.get(4)), ids(after1));
    }

    @Test
    void badRequestsGetProblemsNamingTheParameterAndOnlyBuyersGetRecommendations() {
        String buyer = register(http, "b@example.com", "buyer", "Buyer");
        Http.Response zero = http.get("/api/v1/recommendations?limit=0", buyer);
        assertEquals(422, zero.status(), zero::toString);
        assertTrue(zero.isProblem());
        assertEquals("limit", zero.json().get("field").asText());
        assertEquals(422, http.get("/api/v1/products/" + products.get(0) + "/similar?limit=51", null).status());
        assertEquals(404, http.get("/api/v1/products/999999/similar", null).status());
        assertEquals(401, http.get("/api/v1/recommendations", null).status());
        String merchant = register(http, "m@example.com", "merchant", "M");
        assertEquals(403, http.get("/api/v1/recommendations", merchant).status());
    }
}
