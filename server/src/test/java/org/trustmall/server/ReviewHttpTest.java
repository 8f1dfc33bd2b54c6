package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustmall.server.CommerceJourneyTest.address;
import static org.trustmall.server.CommerceJourneyTest.product;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.trustmall.commerce.DatabaseConfig;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.commerce.accounts.PasswordHasher;
import org.trustmall.commerce.reviews.ReviewContent;
import org.trustmall.commerce.reviews.ReviewService;
import org.trustmall.contracts.review.ReviewContract;
import org.trustmall.ledger.Check;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.proof.LedgerJson;
import org.trustmall.ledger.proof.ProofBundle;

/**
 * Verified reviews over real HTTP, on H2 and PostgreSQL: only buyers who received a product review it, once per
 * order; an edit is a new version; and a review changed or deleted straight in the database is caught by the proof
 * check, whose inclusion proofs verify offline against the organisations' keys.
 */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class ReviewHttpTest {
    private static final String PASSWORD = "correct horse battery";

    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;
    private TestPlatform p;
    private Http http;
    private String merchant;
    private String ann;
    private String bob;
    private String admin;
    private long kettle;

    @BeforeEach
    void start() {
        p = TestPlatform.start(dir, kind, PasswordHasher.argon2id(new PasswordHasher.Parameters(8, 1, 1)));
        http = p.http;
        merchant = account("shop@example.com", Role.MERCHANT);
        ann = account("ann@example.com", Role.BUYER);
        bob = account("bob@example.com", Role.BUYER);
        admin = account("admin@example.com", Role.ADMIN);
        Http.Response created = http.post("/api/v1/products", merchant, product("Kettle 水壶", "KT-1", 9_900, 20));
        assertEquals(201, created.status(), created::toString);
        kettle = created.json().get("id").asLong();
    }

    @AfterEach
    void stop() {
        if (p != null) {
            p.close();
        }
    }

    private String account(String email, Role role) {
        p.commerce.accounts().createUser(new AccountService.Registration(email, PASSWORD, role, email));
        Http.Response login = http.post("/api/v1/auth/login", null, Map.of("email", email, "password", PASSWORD));
        assertEquals(200, login.status(), login::toString);
        return login.json().get("token").asText();
    }

    /** Checks out and pays for one kettle; returns the order id. */
    private long paid(String buyer) {
        assertEquals(201, http.post("/api/v1/cart/items", buyer, Map.of("sku", "KT-1", "quantity", 1)).status());
        Http.Response checkout = http.post("/api/v1/orders", buyer, Map.of("shippingAddress", address()),
                Map.of("Idempotency-Key", "checkout-" + System.nanoTime()));
        assertEquals(201, checkout.status(), checkout::toString);
        long orderId = checkout.json().get("orders").get(0).get("id").asLong();
        Http.Response pay = http.post("/api/v1/orders/" + orderId + "/pay", buyer,
                Map.of("cardNumber", "4242424242424242"), Map.of("Idempotency-Key", "pay-" + System.nanoTime()));
        assertEquals(200, pay.status(), pay::toString);
        return orderId;
    }

    private void deliver(long orderId) {
        assertEquals(200, http.post("/api/v1/orders/" + orderId + "/ship", merchant,
                Map.of("carrier", "SF Express", "trackingNumber", "SF0001")).status());
        for (String kind : List.of("picked_up", "delivered")) {
            Http.Response ev = http.post("/api/v1/orders/" + orderId + "/shipment-events", merchant,
                    Map.of("kind", kind));
            assertEquals(200, ev.status(), ev::toString);
        }
    }

    private long delivered(String buyer) {
        long orderId = paid(buyer);
        deliver(orderId);
        return orderId;
    }

    private JsonNode publish(String buyer, Map<String, Object> body) {
        Http.Response r = http.post("/api/v1/products/" + kettle + "/reviews", buyer, body);
        assertEquals(201, r.status(), r::toString);
        return r.json();
    }

    private JsonNode proof(long reviewId, String token) {
        Http.Response r = http.get("/api/v1/reviews/" + reviewId + "/proof", token);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    private static void problem(Http.Response r, int status, String field) {
        assertEquals(status, r.status(), r::toString);
        assertTrue(r.isProblem(), r::toString);
        if (field != null) {
            assertEquals(field, r.json().path("field").asText(), r::toString);
        }
    }

    /** Runs SQL straight against the platform's database, as an insider could, behind the ledger's back. */
    private void sql(String statement, Object... args) throws SQLException {
        DatabaseConfig db = p.database();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            assertEquals(1, s.executeUpdate(), statement);
        }
    }

    /** Checks a transaction's inclusion proof offline and returns its contract arguments. */
    private CborMap provenArgs(JsonNode bundleJson, String transactionId) {
        ProofBundle bundle = LedgerJson.proof(bundleJson);
        Check check = bundle.verify(p.trustedKeys, Signatures.fastest());
        assertTrue(check.ok(), check::reason);
        assertEquals(transactionId, bundle.transaction().id().hex());
        assertEquals(ReviewContract.ID, bundle.transaction().contract());
        return CborMap.parse(bundle.transaction().args());
    }

    @Test
    void onlyABuyerWhoReceivedTheProductReviewsItAndOnlyOncePerOrder() {
        Map<String, Object> body = Map.of("rating", 5, "title", "Fast", "text", "Boils in three minutes.");
        String path = "/api/v1/products/" + kettle + "/reviews";
        long order = paid(ann);
        problem(http.post(path, ann, body), 409, "orderId");
        problem(http.post(path, bob, body), 403, null);
        problem(http.post(path, merchant, body), 403, null);
        problem(http.post(path, null, body), 401, null);
        assertEquals(0, http.get(path, null).json().get("total").asLong());

        deliver(order);
        problem(http.post(path, ann, Map.of("rating", 6, "text", "Too good")), 422, "rating");
        problem(http.post(path, ann, Map.of("rating", 5, "text", "")), 422, "text");
        problem(http.post(path, ann, Map.of("rating", 5, "text", "x", "buyerId", 2)), 422, "buyerId");
        problem(http.post(path, ann, Map.of("rating", 5, "text", "x", "displayName", "Buyer 0A0B0C")), 422,
                "displayName");
        problem(http.post("/api/v1/products/999999/reviews", ann, body), 404, null);

        JsonNode review = publish(ann, body);
        assertTrue(review.get("verifiedPurchase").asBoolean());
        assertEquals(1, review.get("version").asInt());
        assertEquals("Fast", review.get("title").asText());
        assertTrue(review.get("displayName").asText().matches("Buyer [0-9A-F]{6}"), review::toString);
        assertFalse(review.has("orderId") || review.has("authorId"), "the public view names no account or order");
        JsonNode tx = review.get("ledgerTransactions").get(0);
        assertEquals("review.publish", tx.get("kind").asText());
        Http.Response txProof = http.get(tx.get("proof").asText(), null);
        CborMap args = provenArgs(txProof.json(), tx.get("id").asText());
        assertEquals(review.get("versions").get(0).get("contentHash").asText(),
                HexFormat.of().formatHex(args.bytes("content")));

        problem(http.post(path, ann, body), 409, "orderId");
        problem(http.post(path, ann, Map.of("orderId", order, "rating", 1, "text", "again")), 409, "orderId");
        long bobsOrder = delivered(bob);
        problem(http.post(path, ann, Map.of("orderId", bobsOrder, "rating", 1, "text", "not mine")), 404, null);
        JsonNode bobs = publish(bob, Map.of("rating", 2, "text", "Leaks.", "displayName", "Tea Lover"));
        assertEquals("Tea Lover", bobs.get("displayName").asText());

        JsonNode list = http.get(path, null).json();
        assertEquals(2, list.get("total").asLong());
        assertEquals(2, list.get("count").asLong());
        assertEquals(3.5, list.get("averageRating").asDouble());
        assertEquals(bobs.get("id").asLong(), list.get("items").get(0).get("id").asLong(), "newest first");
    }

    @Test
    void anEditCreatesASecondVersionAndBothAreListedWithDistinctHashes() {
        delivered(ann);
        JsonNode review = publish(ann, Map.of("rating", 3, "text", "Loud."));
        long id = review.get("id").asLong();
        problem(http.patch("/api/v1/reviews/" + id, bob, Map.of("rating", 1)), 403, null);
        problem(http.patch("/api/v1/reviews/" + id, admin, Map.of("rating", 1)), 403, null);
        problem(http.patch("/api/v1/reviews/" + id, ann, Map.of("rating", 3, "text", "Loud.")), 422, "text");
        problem(http.patch("/api/v1/reviews/" + id, ann, Map.of("stars", 3)), 422, "stars");

        Http.Response edited = http.patch("/api/v1/reviews/" + id, ann, Map.of("rating", 4,
                "text", "Loud, but fast."));
        assertEquals(200, edited.status(), edited::toString);
        assertEquals(2, edited.json().get("version").asInt());

        JsonNode listed = http.get("/api/v1/products/" + kettle + "/reviews", null).json().get("items").get(0);
        assertEquals("Loud, but fast.", listed.get("text").asText());
        JsonNode versions = listed.get("versions");
        assertEquals(2, versions.size());
        assertEquals("Loud.", versions.get(0).get("text").asText());
        assertEquals(3, versions.get(0).get("rating").asInt());
        assertEquals("Loud, but fast.", versions.get(1).get("text").asText());
        assertNotEquals(versions.get(0).get("contentHash").asText(), versions.get(1).get("contentHash").asText());
        List<String> kinds = new ArrayList<>();
        listed.get("ledgerTransactions").forEach(t -> kinds.add(t.get("kind").asText()));
        assertEquals(List.of("review.publish", "review.edit"), kinds);

        JsonNode proof = proof(id, null);
        assertEquals("intact", proof.get("verdict").asText(), proof::toString);
        assertEquals(proof.get("contentHash").asText(), proof.get("ledgerContentHash").asText());
        for (int i = 0; i < 2; i++) {
            JsonNode v = proof.get("versions").get(i);
            assertTrue(v.get("matches").asBoolean());
            CborMap args = provenArgs(v.get("transaction").get("proof"), v.get("transaction").get("id").asText());
            assertEquals(v.get("ledgerContentHash").asText(), HexFormat.of().formatHex(args.bytes("content")));
            // An outside verifier recomputes the commitment from the words the API shows.
            JsonNode shown = versions.get(i);
            assertEquals(v.get("ledgerContentHash").asText(), ReviewContent.hex(kettle, i + 1,
                    new ReviewService.Content(shown.get("rating").asInt(), null, shown.get("text").asText())));
        }
    }

    @Test
    void aReviewChangedDirectlyInTheDatabaseIsReportedAlteredByTheProofCheck() throws SQLException {
        delivered(ann);
        JsonNode review = publish(ann, Map.of("rating", 1, "title", "Broke", "text", "Broke after a week."));
        long id = review.get("id").asLong();
        assertEquals("intact", proof(id, null).get("verdict").asText());

        sql("UPDATE reviews SET rating = 5, body = 'Best kettle I ever had.' WHERE id = ?", id);
        JsonNode shown = http.get("/api/v1/products/" + kettle + "/reviews", null).json().get("items").get(0);
        assertEquals("Best kettle I ever had.", shown.get("text").asText(), "the platform shows the altered row");
        JsonNode proof = proof(id, null);
        assertEquals("altered", proof.get("verdict").asText(), proof::toString);
        assertNotEquals(proof.get("contentHash").asText(), proof.get("ledgerContentHash").asText());
        assertFalse(proof.get("findings").isEmpty());
        // Anyone can confirm it: the words shown do not hash to the commitment the proven transaction carries.
        JsonNode version = proof.get("versions").get(0);
        CborMap args = provenArgs(version.get("transaction").get("proof"),
                version.get("transaction").get("id").asText());
        byte[] recomputed = ReviewContent.commitment(kettle, 1, new ReviewService.Content(shown.get("rating").asInt(),
                shown.get("title").asText(), shown.get("text").asText()));
        assertFalse(java.util.Arrays.equals(args.bytes("content"), recomputed));
        assertArrayEquals(args.bytes("content"), ReviewContent.commitment(kettle, 1,
                new ReviewService.Content(1, "Broke", "Broke after a week.")), "the ledger keeps what was written");

        sql("UPDATE reviews SET rating = 1, body = 'Broke after a week.' WHERE id = ?", id);
        assertEquals("intact", proof(id, null).get("verdict").asText());
        sql("UPDATE review_versions SET title = NULL WHERE review_id = ? AND version_no = 1", id);
        assertEquals("altered", proof(id, null).get("verdict").asText(), "the kept versions are checked too");
    }

    @Test
    void aReviewDeletedFromTheDatabaseShowsAsACountMismatch() throws SQLException {
        delivered(ann);
        delivered(bob);
        long annsReview = publish(ann, Map.of("rating", 1, "text", "Bad.")).get("id").asLong();
        JsonNode bobs = publish(bob, Map.of("rating", 5, "text", "Good."));
        JsonNode before = http.get("/api/v1/products/" + kettle + "/reviews/proof", null).json();
        assertTrue(before.get("consistent").asBoolean(), before::toString);

        sql("DELETE FROM review_versions WHERE review_id = ?", annsReview);
        sql("DELETE FROM reviews WHERE id = ?", annsReview);
        problem(http.get("/api/v1/reviews/" + annsReview + "/proof", null), 404, null);
        JsonNode survivor = proof(bobs.get("id").asLong(), null);
        assertEquals("intact", survivor.get("verdict").asText());
        JsonNode product = survivor.get("product");
        assertEquals(2, product.get("ledgerCount").asLong());
        assertEquals(1, product.get("databaseCount").asLong());
        assertFalse(product.get("matches").asBoolean());
        JsonNode after = http.get("/api/v1/products/" + kettle + "/reviews/proof", null).json();
        assertFalse(after.get("consistent").asBoolean());
        assertEquals(1, after.get("missingFromDatabase").size());
        assertTrue(after.get("missingFromDatabase").get(0).asText().endsWith(":" + kettle), after::toString);
    }

    @Test
    void moderationHidesWithARecordedReasonAndOnlyAdminsModerate() {
        delivered(ann);
        delivered(bob);
        long id = publish(ann, Map.of("rating", 1, "text", "Call me on 555-0100")).get("id").asLong();
        publish(bob, Map.of("rating", 4, "text", "Good."));
        String path = "/api/v1/reviews/" + id + "/moderation";
        Map<String, Object> hide = Map.of("action", "hide", "reason", "contains a phone number");
        problem(http.post(path, ann, hide), 403, null);
        problem(http.post(path, merchant, hide), 403, null);
        problem(http.post(path, null, hide), 401, null);
        problem(http.post(path, admin, Map.of("action", "delete", "reason", "x")), 422, "action");
        problem(http.post(path, admin, Map.of("action", "hide", "reason", "")), 422, "reason");

        Http.Response hidden = http.post(path, admin, hide);
        assertEquals(200, hidden.status(), hidden::toString);
        assertFalse(hidden.json().get("visible").asBoolean());
        assertEquals("Call me on 555-0100", hidden.json().get("text").asText(), "never altered");
        assertEquals("contains a phone number", hidden.json().get("moderation").get(0).get("reason").asText());
        problem(http.post(path, admin, hide), 409, "action");

        String list = "/api/v1/products/" + kettle + "/reviews";
        JsonNode everyone = http.get(list, null).json();
        assertEquals(1, everyone.get("total").asLong());
        assertEquals(1, everyone.get("hidden").asLong(), "hiding is visible, not silent");
        assertEquals(4.0, everyone.get("averageRating").asDouble());
        assertEquals(1, http.get(list, bob).json().get("total").asLong());
        assertEquals(2, http.get(list, ann).json().get("total").asLong(), "the author still sees it");
        assertEquals(2, http.get(list, admin).json().get("total").asLong());
        problem(http.get(list, "not-a-token"), 401, null);

        JsonNode publicProof = proof(id, null);
        assertEquals("intact", publicProof.get("verdict").asText(), publicProof::toString);
        assertTrue(publicProof.get("review").get("withheld").asBoolean());
        assertTrue(publicProof.get("review").get("text").isNull());
        assertFalse(publicProof.get("ledgerVisible").asBoolean());
        JsonNode entry = publicProof.get("moderation").get(0);
        assertEquals("hide", entry.get("action").asText());
        assertEquals("contains a phone number", entry.get("reason").asText());
        CborMap args = provenArgs(entry.get("transaction").get("proof"), entry.get("transaction").get("id").asText());
        assertEquals("contains a phone number", args.text("reason"));
        assertEquals("Call me on 555-0100", proof(id, ann).get("review").get("text").asText());

        Http.Response shown = http.post(path, admin, Map.of("action", "unhide", "reason", "number removed"));
        assertEquals(200, shown.status(), shown::toString);
        assertEquals(2, http.get(list, null).json().get("total").asLong());
    }
}
