package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustmall.server.CommerceJourneyTest.address;
import static org.trustmall.server.CommerceJourneyTest.product;
import static org.trustmall.server.CommerceJourneyTest.register;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.contracts.escrow.EscrowContract;
import org.trustmall.ledger.Check;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.proof.LedgerJson;

/**
 * Disputes over real HTTP: a panel of three arbiters deciding at 2/3, each voting with their own token (and their own
 * ledger key); the verdict is carried out on the ledger's escrow; late, foreign and buyers' votes are refused.
 */
class DisputeHttpTest {
    @TempDir
    static Path dir;
    static TestPlatform p;
    static Http http;
    static String merchant;
    static long merchantId;
    /** Arbiter account id → token. */
    static final Map<Long, String> arbiters = new LinkedHashMap<>();
    static int buyers;

    @BeforeAll
    static void world() {
        p = TestPlatform.start(dir, TestDatabases.Kind.H2, TestCommerce.CHEAP_HASHER);
        http = p.http;
        merchant = register(http, "disputes-shop@example.com", "merchant", "Dispute Shop");
        merchantId = http.get("/api/v1/auth/me", merchant).json().get("id").asLong();
        assertEquals(201, http.post("/api/v1/products", merchant, product("Speaker 音箱", "SPK-1", 50_000, 100))
                .status());
        for (int i = 1; i <= 4; i++) {
            // As `trustmall admin create-user --role arbiter` does.
            AccountService.Account a = p.commerce.accounts().createUser(new AccountService.Registration(
                    "arbiter" + i + "@example.com", TestCommerce.PASSWORD, Role.ARBITER, "Arbiter " + i));
            Http.Response login = http.post("/api/v1/auth/login", null, Map.of("email", "arbiter" + i
                    + "@example.com", "password", TestCommerce.PASSWORD));
            assertEquals(200, login.status(), login::toString);
            arbiters.put(a.id(), login.json().get("token").asText());
        }
    }

    @AfterAll
    static void stop() {
        p.close();
    }

    private static void ok(Http.Response r) {
        assertTrue(r.status() == 200 || r.status() == 201, r::toString);
    }

    private static void refused(Http.Response r, int status) {
        assertEquals(status, r.status(), r::toString);
        assertTrue(r.isProblem(), r::toString);
    }

    /** A new buyer's token and their delivered order's id. */
    private static Map.Entry<String, Long> deliveredOrder() {
        int n = ++buyers;
        String buyer = register(http, "disputes-buyer" + n + "@example.com", "buyer", "Buyer " + n);
        ok(http.post("/api/v1/cart/items", buyer, Map.of("sku", "SPK-1", "quantity", 1)));
        long id = http.post("/api/v1/orders", buyer, Map.of("shippingAddress", address()),
                Map.of("Idempotency-Key", "dispute-checkout-" + n)).json().get("orders").get(0).get("id").asLong();
        ok(http.post("/api/v1/orders/" + id + "/pay", buyer, Map.of("cardNumber", "4242424242424242"),
                Map.of("Idempotency-Key", "dispute-pay-" + n)));
        ok(http.post("/api/v1/orders/" + id + "/ship", merchant, Map.of("carrier", "SF", "trackingNumber", "D" + n)));
        ok(http.post("/api/v1/orders/" + id + "/shipment-events", merchant, Map.of("kind", "picked_up")));
        ok(http.post("/api/v1/orders/" + id + "/shipment-events", merchant, Map.of("kind", "delivered")));
        return Map.entry(buyer, id);
    }

    private static JsonNode open(String buyer, long orderId) {
        Http.Response r = http.post("/api/v1/orders/" + orderId + "/disputes", buyer, Map.of(
                "reason", "Arrived with a cracked cone", "evidence", List.of("https://img.example/cone.jpg")));
        assertEquals(201, r.status(), r::toString);
        return r.json();
    }

    private static List<String> panel(JsonNode dispute) {
        List<String> tokens = new ArrayList<>();
        dispute.get("arbiters").forEach(a -> tokens.add(arbiters.get(a.get("id").asLong())));
        return tokens;
    }

    private static CborMap escrow(long orderId) {
        return p.ledger.query(EscrowContract.ID, EscrowContract.GET, EscrowContract.getArgs("order:" + orderId));
    }

    private static long merchantBalance() {
        return p.ledger.query(EscrowContract.ID, EscrowContract.BALANCE,
                EscrowContract.balanceArgs("merchant:" + merchantId, "CNY")).integer("balance");
    }

    private static Map<String, Object> refundVote(long amount) {
        return Map.of("outcome", "refund", "amount", Map.of("amount", amount, "currency", "CNY"));
    }

    @Test
    void twoOfThreeArbitersRefundFromEscrowAndLateForeignAndBuyersVotesAreRefused() {
        var order = deliveredOrder();
        String buyer = order.getKey();
        long orderId = order.getValue();
        JsonNode d = open(buyer, orderId);
        long id = d.get("id").asLong();
        assertEquals("open", d.get("state").asText());
        assertEquals(3, d.get("arbiters").size());
        assertEquals(2, d.get("threshold").get("numerator").asInt());
        assertEquals(3, d.get("threshold").get("denominator").asInt());
        assertEquals("disputed", http.get("/api/v1/orders/" + orderId, buyer).json().get("state").asText());
        refused(http.post("/api/v1/orders/" + orderId + "/confirm", buyer, null), 409);

        List<String> panel = panel(d);
        String outsider = arbiters.values().stream().filter(t -> !panel.contains(t)).findFirst().orElseThrow();
        refused(http.post("/api/v1/disputes/" + id + "/votes", outsider, refundVote(20_000)), 403);
        refused(http.post("/api/v1/disputes/" + id + "/votes", buyer, refundVote(20_000)), 403);
        refused(http.post("/api/v1/disputes/" + id + "/votes", merchant, Map.of("outcome", "release")), 403);
        refused(http.get("/api/v1/disputes/" + id, outsider), 404);

        Http.Response first = http.post("/api/v1/disputes/" + id + "/votes", panel.get(0), refundVote(20_000));
        assertEquals(200, first.status(), first::toString);
        assertEquals("open", first.json().get("state").asText());
        assertEquals(1.0 / 3, first.json().get("tally").get(0).get("c").asDouble(), 1e-9);
        long lockedBefore = escrow(orderId).integer("refunded");
        assertEquals(0, lockedBefore, "nothing moves while the dispute is open");

        Http.Response second = http.post("/api/v1/disputes/" + id + "/votes", panel.get(1), refundVote(20_000));
        assertEquals(200, second.status(), second::toString);
        JsonNode decided = second.json();
        assertEquals("settled", decided.get("state").asText());
        assertEquals("refund", decided.get("verdict").get("outcome").asText());
        assertEquals(20_000, decided.get("verdict").get("refund").get("amount").asLong());

        CborMap escrow = escrow(orderId);
        assertEquals(20_000, escrow.integer("refunded"), "the refund left the escrow");
        assertEquals("RELEASED", escrow.text("state"));
        JsonNode o = http.get("/api/v1/orders/" + orderId, buyer).json();
        assertEquals("completed", o.get("state").asText());
        assertEquals(20_000, o.get("refunded").get("amount").asLong());
        assertEquals(o.get("total").get("amount").asLong() - 20_000, escrow.integer("released_amount"));

        Http.Response late = http.post("/api/v1/disputes/" + id + "/votes", panel.get(2), Map.of("outcome",
                "release"));
        refused(late, 409);
        assertTrue(late.json().get("detail").asText().contains("no longer taken"), late::toString);

        // Everyone entitled sees the same dispute; each vote is a ledger transaction with a proof anyone can check.
        JsonNode seen = http.get("/api/v1/disputes/" + id, merchant).json();
        assertEquals("Arrived with a cracked cone", seen.get("reason").asText());
        assertEquals(2, seen.get("votes").size());
        for (JsonNode v : seen.get("votes")) {
            Http.Response proof = http.get("/api/v1/ledger/transactions/" + v.get("transactionId").asText()
                    + "/proof", null);
            assertEquals(200, proof.status(), proof::toString);
            Check check = LedgerJson.proof(proof.json()).verify(p.trustedKeys, Signatures.fastest());
            assertTrue(check.ok(), check::reason);
        }
        String stranger = register(http, "disputes-stranger@example.com", "buyer", "Stranger");
        refused(http.get("/api/v1/disputes/" + id, stranger), 404);
        assertTrue(http.get("/api/v1/disputes", panel.get(0)).json().get("total").asLong() >= 1);
    }

    @Test
    void aReleaseVerdictPaysTheMerchantsBalanceOnTheLedger() {
        var order = deliveredOrder();
        long orderId = order.getValue();
        long before = merchantBalance();
        JsonNode d = open(order.getKey(), orderId);
        List<String> panel = panel(d);
        ok(http.post("/api/v1/disputes/" + d.get("id").asLong() + "/votes", panel.get(2),
                Map.of("outcome", "release")));
        Http.Response decided = http.post("/api/v1/disputes/" + d.get("id").asLong() + "/votes", panel.get(0),
                Map.of("outcome", "release"));
        assertEquals(200, decided.status(), decided::toString);
        assertEquals("settled", decided.json().get("state").asText());
        long total = http.get("/api/v1/orders/" + orderId, order.getKey()).json().get("total").get("amount")
                .asLong();
        assertEquals(before + total, merchantBalance(), "the whole escrow went to the merchant");
        assertEquals("dispute", escrow(orderId).text("release_reason"));
        assertEquals("completed", http.get("/api/v1/orders/" + orderId, merchant).json().get("state").asText());
    }

    @Test
    void aBuyerMayWithdrawAndBadRequestsNameTheField() {
        var order = deliveredOrder();
        String buyer = order.getKey();
        long orderId = order.getValue();
        Http.Response noReason = http.post("/api/v1/orders/" + orderId + "/disputes", buyer, Map.of("evidence",
                List.of()));
        refused(noReason, 422);
        assertEquals("reason", noReason.json().get("field").asText());
        Http.Response tooMuch = http.post("/api/v1/orders/" + orderId + "/disputes", buyer, Map.of("reason", "x",
                "evidence", java.util.Collections.nCopies(11, "e")));
        refused(tooMuch, 422);
        assertEquals("evidence", tooMuch.json().get("field").asText());
        JsonNode d = open(buyer, orderId);
        long id = d.get("id").asLong();
        Http.Response badVote = http.post("/api/v1/disputes/" + id + "/votes", panel(d).get(0),
                Map.of("outcome", "refund"));
        refused(badVote, 422);
        assertEquals("amount", badVote.json().get("field").asText());
        Http.Response withdrawn = http.post("/api/v1/disputes/" + id + "/withdrawal", buyer, null);
        assertEquals(200, withdrawn.status(), withdrawn::toString);
        assertEquals("withdrawn", withdrawn.json().get("state").asText());
        assertEquals("delivered", http.get("/api/v1/orders/" + orderId, buyer).json().get("state").asText());
        refused(http.post("/api/v1/disputes/" + id + "/votes", panel(d).get(0), Map.of("outcome", "release")), 409);
    }
}
