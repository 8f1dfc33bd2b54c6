package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustmall.server.CommerceJourneyTest.address;
import static org.trustmall.server.CommerceJourneyTest.product;
import static org.trustmall.server.CommerceJourneyTest.register;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ai.recsys.Markov;
import org.trustmall.ai.recsys.ModelArtifact;
import org.trustmall.ai.recsys.TrainingListener;
import org.trustmall.ai.recsys.TrainingSet;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.commerce.recommend.ModelRegistry;
import org.trustmall.commerce.recommend.TrainingSnapshots;
import org.trustmall.commerce.risk.RiskModels;

/**
 * The console's reads over real HTTP: the model registry (recommender and fraud-risk versions, metrics, training
 * snapshot, ledger proof, deployment), dataset lineage (what superseded what, which models each trained), orders
 * filtered by state, and that only admins reach them.
 */
class ConsoleHttpTest {
    @TempDir
    static Path dir;
    static TestPlatform p;
    static Http http;
    static String admin;
    static String merchant;
    static String ann;
    static String bob;
    static long annCreatedOrder;
    static TrainingSnapshots.TrainingSnapshot first;
    static TrainingSnapshots.TrainingSnapshot second;
    static ModelRegistry.Registration retired;
    static ModelRegistry.Registration serving;

    @BeforeAll
    static void world() {
        p = TestPlatform.start(dir, TestDatabases.Kind.H2, TestCommerce.CHEAP_HASHER);
        http = p.http;
        merchant = register(http, "console-shop@example.com", "merchant", "Console Shop");
        long product = http.post("/api/v1/products", merchant, product("Teapot 茶壶", "TEA-1", 5_000, 50)).json()
                .get("id").asLong();
        ann = register(http, "console-ann@example.com", "buyer", "Ann");
        bob = register(http, "console-bob@example.com", "buyer", "Bob");
        paidOrder(ann, "ann-1");
        paidOrder(bob, "bob-1");
        ok(http.post("/api/v1/cart/items", ann, Map.of("sku", "TEA-1", "quantity", 1)));
        annCreatedOrder = http.post("/api/v1/orders", ann, Map.of("shippingAddress", address()),
                Map.of("Idempotency-Key", "console-ann-unpaid")).json().get("orders").get(0).get("id").asLong();
        p.commerce.accounts().createUser(new AccountService.Registration("console-admin@example.com",
                TestCommerce.PASSWORD, Role.ADMIN, "Admin"));
        admin = http.post("/api/v1/auth/login", null, Map.of("email", "console-admin@example.com",
                "password", TestCommerce.PASSWORD)).json().get("token").asText();

        // A snapshot of both buyers and a model on it; then Bob withdraws consent, so the next snapshot replaces the
        // first and retires its model, and a model on the new snapshot is deployed.
        first = p.commerce.trainingSnapshots().build();
        retired = p.commerce.models().register("markov", "first weights".getBytes(StandardCharsets.UTF_8),
                first.root(), Map.of("order", "1"), metrics(0.21, 0.19));
        Http.Response withdrawn = http.send("PUT", "/api/v1/me/consents/personalisation", bob,
                "{\"granted\":false}", Map.of());
        assertEquals(200, withdrawn.status(), withdrawn::toString);
        second = p.commerce.trainingSnapshots().build();
        serving = p.commerce.models().register("markov", "second weights".getBytes(StandardCharsets.UTF_8),
                second.root(), Map.of("order", "1"), metrics(0.34, 0.31));
        Markov markov = new Markov();
        markov.fit(new TrainingSet(1, List.of(new int[] {0}), null), TrainingListener.NONE);
        p.commerce.recommendations().deploy(serving.id(), new ModelArtifact(List.of(Long.toString(product)), markov));
    }

    @AfterAll
    static void stop() {
        p.close();
    }

    private static Map<String, Double> metrics(double valid, double test) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("valid_ndcg@10", valid);
        m.put("test_ndcg@10", test);
        return m;
    }

    private static void paidOrder(String buyer, String key) {
        ok(http.post("/api/v1/cart/items", buyer, Map.of("sku", "TEA-1", "quantity", 1)));
        long id = http.post("/api/v1/orders", buyer, Map.of("shippingAddress", address()),
                Map.of("Idempotency-Key", "console-checkout-" + key)).json().get("orders").get(0).get("id").asLong();
        ok(http.post("/api/v1/orders/" + id + "/pay", buyer, Map.of("cardNumber", "4242424242424242"),
                Map.of("Idempotency-Key", "console-pay-" + key)));
    }

    private static JsonNode ok(Http.Response r) {
        assertTrue(r.status() == 200 || r.status() == 201, r::toString);
        return r.json();
    }

    private static JsonNode find(JsonNode list, String field, String value) {
        for (JsonNode n : list) {
            if (n.get(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no entry with " + field + " " + value + " in " + list);
    }

    @Test
    void theModelRegistryListsEveryVersionWithMetricsSnapshotProofAndDeployment() {
        JsonNode body = ok(http.get("/api/v1/admin/models", admin));
        JsonNode models = body.get("models");
        assertEquals(serving.id(), body.get("deployed").get("recommender").asText());

        JsonNode s = find(models, "id", serving.id());
        assertEquals("recommender", s.get("kind").asText());
        assertEquals("markov", s.get("family").asText());
        assertEquals(serving.artifactSha256(), s.get("artifactSha256").asText());
        assertEquals(0.34, s.get("metrics").get("valid_ndcg@10").asDouble(), 1e-12);
        assertEquals(0.31, s.get("metrics").get("test_ndcg@10").asDouble(), 1e-12);
        assertEquals("1", s.get("parameters").get("order").asText());
        assertTrue(s.get("deployed").asBoolean());
        assertFalse(s.get("superseded").asBoolean());
        assertEquals(second.root(), s.get("snapshot").get("root").asText());
        assertEquals(second.rows(), s.get("snapshot").get("rows").asLong());
        assertEquals(TrainingSnapshots.SOURCE, s.get("snapshot").get("source").asText());
        assertEquals(serving.transactionId(), s.get("transactionId").asText());
        JsonNode proof = ok(http.get(s.get("proof").asText(), null));
        assertEquals(serving.transactionId(), proof.get("transaction").get("id").asText());
        assertEquals("model-registry", proof.get("transaction").get("contract").asText());

        JsonNode r = find(models, "id", retired.id());
        assertFalse(r.get("deployed").asBoolean());
        assertTrue(r.get("superseded").asBoolean(), r::toString);
        assertTrue(r.get("supersededReason").asText().contains(first.root()), r::toString);

        JsonNode risk = null;
        for (JsonNode m : models) {
            if (m.get("kind").asText().equals("risk")) {
                risk = m;
            }
        }
        assertNotNull(risk, "the fraud-risk model trained at the first payment is listed: " + models);
        assertEquals(RiskModels.FAMILY, risk.get("family").asText());
        assertEquals(p.commerce.riskModels().deployedId().orElseThrow(), body.get("deployed").get("risk").asText());
        assertTrue(risk.get("deployed").asBoolean());
        assertTrue(risk.get("metrics").has("test_pr_auc"), risk::toString);
        assertEquals(RiskModels.SOURCE, risk.get("snapshot").get("source").asText());
        assertEquals(p.commerce.models().list(null).size(), models.size());
    }

    @Test
    void datasetLineageShowsWhatReplacedWhatAndTheModelsTrainedOnEach() {
        JsonNode datasets = ok(http.get("/api/v1/admin/datasets", admin)).get("datasets");
        JsonNode a = find(datasets, "root", first.root());
        JsonNode b = find(datasets, "root", second.root());
        assertTrue(a.get("superseded").asBoolean(), a::toString);
        assertEquals(second.root(), a.get("supersession").get("by").asText());
        assertTrue(a.get("supersession").get("reason").asText().contains("withdrawn"), a::toString);
        ok(http.get(a.get("supersession").get("proof").asText(), null));
        assertEquals(List.of(first.root()), texts(b.get("replaces")));
        assertFalse(b.get("superseded").asBoolean());
        assertEquals(List.of(retired.id()), texts(a.get("models")));
        assertEquals(List.of(serving.id()), texts(b.get("models")));
        assertEquals(first.rows(), a.get("rows").asLong());
        assertTrue(a.get("rows").asLong() > b.get("rows").asLong(), "Bob's rows left the second snapshot");
        assertEquals(2, a.get("users").asLong());
        assertEquals(1, b.get("users").asLong());
        assertEquals(TrainingSnapshots.CONSENT_POLICY, b.get("consentPolicy").asText());
        assertEquals(second.transactionId(), b.get("transactionId").asText());
        JsonNode proof = ok(http.get(b.get("proof").asText(), null));
        assertEquals("dataset-registry", proof.get("transaction").get("contract").asText());

        JsonNode risk = find(datasets, "source", RiskModels.SOURCE);
        assertEquals(1, risk.get("models").size(), risk::toString);
        assertFalse(datasets.toString().contains("console-"), "no account names in the lineage");
    }

    @Test
    void onlyAdminsReadTheRegistryAndLineage() {
        for (String path : List.of("/api/v1/admin/models", "/api/v1/admin/datasets")) {
            assertEquals(403, http.get(path, merchant).status(), path);
            assertEquals(403, http.get(path, ann).status(), path);
            assertEquals(401, http.get(path, null).status(), path);
        }
    }

    @Test
    void ordersAreFilteredByStateWithinWhatTheCallerMaySee() {
        JsonNode paid = ok(http.get("/api/v1/orders?state=paid", admin));
        assertEquals(2, paid.get("total").asLong(), paid::toString);
        paid.get("items").forEach(o -> assertEquals("paid", o.get("state").asText()));
        JsonNode created = ok(http.get("/api/v1/orders?state=created", admin));
        assertEquals(1, created.get("total").asLong(), created::toString);
        assertEquals(annCreatedOrder, created.get("items").get(0).get("id").asLong());
        assertEquals(3, ok(http.get("/api/v1/orders", admin)).get("total").asLong());

        assertEquals(1, ok(http.get("/api/v1/orders?state=paid", ann)).get("total").asLong());
        assertEquals(0, ok(http.get("/api/v1/orders?state=created", bob)).get("total").asLong());
        assertEquals(2, ok(http.get("/api/v1/orders?state=paid", merchant)).get("total").asLong());
        assertEquals(0, ok(http.get("/api/v1/orders?state=refunded", admin)).get("total").asLong());

        Http.Response bad = http.get("/api/v1/orders?state=lost", admin);
        assertEquals(422, bad.status(), bad::toString);
        assertEquals("state", bad.json().get("field").asText());
    }

    @Test
    void anAdminReachesEveryConsoleQueueAndOthersDoNot() {
        ok(http.get("/api/v1/disputes", admin));
        ok(http.get("/api/v1/admin/risk/reviews", admin));
        ok(http.get("/api/v1/agent/conversations?state=handed_off", admin));
        assertEquals(403, http.get("/api/v1/admin/risk/reviews", merchant).status());
        assertEquals(403, http.get("/api/v1/agent/conversations", merchant).status());
    }

    private static List<String> texts(JsonNode array) {
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        array.forEach(n -> {
            assertTrue(seen.add(n.asText()), "listed once: " + array);
            out.add(n.asText());
        });
        return out;
    }
}
