package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustmall.server.CommerceJourneyTest.address;
import static org.trustmall.server.CommerceJourneyTest.product;
import static org.trustmall.server.CommerceJourneyTest.register;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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
import org.trustmall.ledger.block.Block;
import org.trustmall.ledger.block.BlockHeader;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.merkle.ConsistencyProof;
import org.trustmall.ledger.proof.LedgerJson;

/**
 * The ledger explorer's endpoints over real HTTP: blocks newest first and paged, a block with its transactions and
 * seals, a transaction decoded, consistency proofs that verify, the genesis organisations, the verification status,
 * 400s naming the parameter, 404s, and the CORS header on the public ledger reads only.
 */
class LedgerExplorerHttpTest {
    @TempDir
    static Path dir;
    static TestPlatform p;
    static Http http;
    static String admin;
    static String buyer;
    static long order;

    @BeforeAll
    static void world() {
        p = TestPlatform.start(dir, TestDatabases.Kind.H2, TestCommerce.CHEAP_HASHER);
        http = p.http;
        String merchant = register(http, "explorer-shop@example.com", "merchant", "Explorer Shop");
        assertEquals(201, http.post("/api/v1/products", merchant, product("Kettle 水壶", "KET-1", 9_900, 10))
                .status());
        buyer = register(http, "explorer-ann@example.com", "buyer", "Ann");
        assertEquals(201, http.post("/api/v1/cart/items", buyer, Map.of("sku", "KET-1", "quantity", 1)).status());
        order = http.post("/api/v1/orders", buyer, Map.of("shippingAddress", address()),
                Map.of("Idempotency-Key", "explorer-checkout-1")).json().get("orders").get(0).get("id").asLong();
        Http.Response paid = http.post("/api/v1/orders/" + order + "/pay", buyer, Map.of("cardNumber",
                "4242424242424242"), Map.of("Idempotency-Key", "explorer-pay-1"));
        assertEquals(200, paid.status(), paid::toString);
        p.commerce.accounts().createUser(new AccountService.Registration("explorer-admin@example.com",
                TestCommerce.PASSWORD, Role.ADMIN, "Admin"));
        admin = http.post("/api/v1/auth/login", null, Map.of("email", "explorer-admin@example.com",
                "password", TestCommerce.PASSWORD)).json().get("token").asText();
    }

    @AfterAll
    static void stop() {
        p.close();
    }

    private static JsonNode ok(Http.Response r) {
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    private static void badParameter(Http.Response r, String field) {
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.isProblem(), r::toString);
        assertEquals(field, r.json().get("field").asText(), r::toString);
    }

    private static void notFound(Http.Response r) {
        assertEquals(404, r.status(), r::toString);
        assertTrue(r.isProblem(), r::toString);
    }

    /** The escrow transaction of the paid order, as the order names it. */
    private static String escrowTransaction() {
        JsonNode refs = ok(http.get("/api/v1/orders/" + order, buyer)).get("ledgerTransactions");
        for (JsonNode r : refs) {
            if (r.get("kind").asText().contains("escrow") || r.get("kind").asText().contains("lock")) {
                return r.get("id").asText();
            }
        }
        return refs.get(0).get("id").asText();
    }

    /** The Access-Control-Allow-Origin header of a request sent from another origin, or null. */
    private static String allowOrigin(String method, String path, String token) {
        return http.send(method, path, token, null, Map.of("Origin", "https://other-organisation.example"))
                .header("Access-Control-Allow-Origin");
    }

    @Test
    void blocksAreListedNewestFirstAndPageToGenesis() {
        long height = p.ledger.height();
        assertTrue(height >= 3, "the platform wrote blocks: " + height);
        JsonNode first = ok(http.get("/api/v1/ledger/blocks?limit=2", null));
        assertTrue(first.get("height").asLong() >= height);
        JsonNode blocks = first.get("blocks");
        assertEquals(2, blocks.size());
        long top = blocks.get(0).get("height").asLong();
        assertEquals(top - 1, blocks.get(1).get("height").asLong());
        Block stored = p.ledger.block(top);
        JsonNode b = blocks.get(0);
        assertEquals(stored.hash().hex(), b.get("hash").asText());
        assertEquals(stored.header().merkleRoot().hex(), b.get("merkleRoot").asText());
        assertEquals(stored.header().logSize(), b.get("logSize").asLong());
        assertEquals(stored.header().transactionCount(), b.get("transactionCount").asInt());
        assertEquals(stored.header().timestamp(), b.get("timestampMillis").asLong());
        assertEquals(Instant.ofEpochMilli(stored.header().timestamp()).toString(), b.get("timestamp").asText());
        assertEquals("trustmall", b.get("seals").get(0).get("organisation").asText());
        assertEquals(stored.seal().signer().hex(), b.get("seals").get(0).get("publicKey").asText());

        // Following 'next' walks every block down to genesis exactly once.
        List<Long> seen = new ArrayList<>();
        first.get("blocks").forEach(x -> seen.add(x.get("height").asLong()));
        JsonNode page = first;
        while (page.has("next")) {
            page = ok(http.get("/api/v1/ledger/blocks?limit=2&before=" + page.get("next").asLong(), null));
            page.get("blocks").forEach(x -> seen.add(x.get("height").asLong()));
        }
        assertEquals(top + 1, seen.size(), seen::toString);
        assertEquals(0L, seen.get(seen.size() - 1));
        assertFalse(page.has("next"));
    }

    @Test
    void aBlockShowsItsTransactionsWithTheirOutcomeAndLeafIndex() {
        long height = p.ledger.transaction(Hash.fromHex(escrowTransaction())).orElseThrow().height();
        JsonNode b = ok(http.get("/api/v1/ledger/blocks/" + height, null));
        assertEquals(height, b.get("height").asLong());
        Block stored = p.ledger.block(height);
        JsonNode txs = b.get("transactions");
        assertEquals(stored.transactions().size(), txs.size());
        long firstLeaf = stored.header().logSize() - stored.transactions().size();
        for (int i = 0; i < txs.size(); i++) {
            assertEquals(stored.transactions().get(i).id().hex(), txs.get(i).get("id").asText());
            assertEquals(stored.transactions().get(i).contract(), txs.get(i).get("contract").asText());
            assertEquals(firstLeaf + i, txs.get(i).get("leafIndex").asLong());
            assertEquals(stored.results().get(i).ok() ? "succeeded" : "failed", txs.get(i).get("status").asText());
            assertEquals("/api/v1/ledger/transactions/" + stored.transactions().get(i).id().hex(),
                    txs.get(i).get("href").asText());
        }
        assertEquals(1, b.get("seals").size(), "one organisation, one seal");
        String signature = b.get("seals").get(0).get("signature").asText();
        assertTrue(Signatures.fastest().verify(stored.seal().signer(),
                BlockHeader.signingMessage(p.ledger.chainId(), stored.hash()),
                Base64.getDecoder().decode(signature)), "the served seal verifies");
        JsonNode genesis = ok(http.get("/api/v1/ledger/blocks/0", null));
        assertEquals("0".repeat(64), genesis.get("previous").asText());
    }

    @Test
    void aTransactionIsDecodedWithItsArgumentsAndLinksToItsProof() {
        String id = escrowTransaction();
        var record = p.ledger.transaction(Hash.fromHex(id)).orElseThrow();
        JsonNode t = ok(http.get("/api/v1/ledger/transactions/" + id, null));
        assertEquals(id, t.get("id").asText());
        assertEquals(record.transaction().contract(), t.get("contract").asText());
        assertEquals(record.transaction().method(), t.get("method").asText());
        assertEquals(record.transaction().sender().hex(), t.get("sender").asText());
        assertTrue(t.get("nonce").isTextual(), "a u64 does not fit a JavaScript number: " + t.get("nonce"));
        assertEquals(record.transaction().nonce(), Long.parseUnsignedLong(t.get("nonce").asText()));
        assertEquals(record.height(), t.get("height").asLong());
        assertEquals(record.logIndex(), t.get("leafIndex").asLong());
        assertEquals("succeeded", t.get("status").asText());
        assertEquals(Base64.getEncoder().encodeToString(record.transaction().args()),
                t.get("argumentsEncoded").asText());
        JsonNode args = t.get("arguments");
        assertEquals(record.transaction().argsMap().fields().size(), args.size());
        for (JsonNode a : args) {
            String name = a.get("name").asText();
            switch (a.get("type").asText()) {
                case "text" -> assertEquals(record.transaction().argsMap().text(name), a.get("value").asText());
                case "integer" -> assertEquals(record.transaction().argsMap().integer(name),
                        a.get("value").asLong());
                case "bytes" -> assertEquals(Base64.getEncoder().encodeToString(
                        record.transaction().argsMap().bytes(name)), a.get("value").asText());
                default -> assertTrue(a.has("value"), a::toString);
            }
        }
        assertTrue(args.toString().contains("\"type\":\"text\"") || args.toString().contains("\"type\":\"integer\""),
                "plain values are shown as they are: " + args);
        JsonNode proof = ok(http.get(t.get("links").get("proof").asText(), null));
        assertEquals(LedgerJson.PROOF_FORMAT, proof.get("format").asText());
        assertEquals(record.logIndex(), proof.get("leaf_index").asLong());
        assertEquals(record.height(), ok(http.get(t.get("links").get("block").asText(), null)).get("height")
                .asLong());
        assertFalse(t.toString().contains("explorer-ann"), "no personal data");
    }

    @Test
    void theCheckpointCarriesEveryCoSignatureWithOrganisationKeyAndSignature() {
        JsonNode cp = ok(http.get("/api/v1/ledger/checkpoint", null));
        JsonNode sigs = cp.get("signatures");
        assertEquals(p.ledger.checkpoint().signatures().size(), sigs.size());
        assertEquals("trustmall", sigs.get(0).get("organisation").asText());
        assertEquals(p.ledger.organisations().get(0).key().hex(), sigs.get(0).get("public_key").asText());
        assertTrue(p.ledger.checkpoint().verify(p.trustedKeys, Signatures.fastest())
                .ok(), "the node's own checkpoint verifies");
        var parsed = LedgerJson.checkpoint(cp);
        assertTrue(parsed.verify(p.trustedKeys, Signatures.fastest()).ok(),
                "the served checkpoint verifies against the trusted keys");
    }

    @Test
    void aConsistencyProofBetweenTwoLogSizesVerifiesAgainstTheirRoots() {
        long size = p.ledger.logSize();
        JsonNode c = ok(http.get("/api/v1/ledger/consistency?from=2&to=" + size, null));
        ConsistencyProof proof = LedgerJson.consistency(c);
        Hash root1 = Hash.of(Base64.getDecoder().decode(c.get("root1").asText()));
        Hash root2 = Hash.of(Base64.getDecoder().decode(c.get("root2").asText()));
        assertEquals(p.ledger.rootAt(2), root1);
        assertEquals(p.ledger.rootAt(size), root2);
        assertTrue(proof.verify(root1, root2).ok());
        JsonNode toNow = ok(http.get("/api/v1/ledger/consistency?from=1", null));
        assertTrue(toNow.get("size2").asLong() >= size, "'to' defaults to the log's size now");

        badParameter(http.get("/api/v1/ledger/consistency", null), "from");
        badParameter(http.get("/api/v1/ledger/consistency?from=0", null), "from");
        badParameter(http.get("/api/v1/ledger/consistency?from=3&to=2", null), "from");
        badParameter(http.get("/api/v1/ledger/consistency?from=1&to=" + (size + 1_000), null), "to");
        badParameter(http.get("/api/v1/ledger/consistency?from=x", null), "from");
    }

    @Test
    void theGenesisOrganisationsAreListedWithTheirKeys() {
        JsonNode o = ok(http.get("/api/v1/ledger/organisations", null));
        assertEquals(p.ledger.chainId().hex(), o.get("chainId").asText());
        assertEquals("trustmall", o.get("node").asText());
        assertEquals(1, o.get("organisations").size());
        assertEquals("trustmall", o.get("organisations").get(0).get("name").asText());
        assertEquals(p.ledger.organisations().get(0).key().hex(),
                o.get("organisations").get(0).get("publicKey").asText());
    }

    @Test
    void badParametersAreRefusedNamingThemAndUnknownBlocksAndTransactionsAreNotFound() {
        badParameter(http.get("/api/v1/ledger/blocks?limit=0", null), "limit");
        badParameter(http.get("/api/v1/ledger/blocks?limit=101", null), "limit");
        badParameter(http.get("/api/v1/ledger/blocks?before=abc", null), "before");
        badParameter(http.get("/api/v1/ledger/blocks/-1", null), "height");
        badParameter(http.get("/api/v1/ledger/blocks/tall", null), "height");
        badParameter(http.get("/api/v1/ledger/transactions/xyz", null), "id");
        badParameter(http.get("/api/v1/ledger/transactions/" + "A".repeat(64), null), "id");
        badParameter(http.get("/api/v1/ledger/transactions/xyz/proof", null), "id");
        notFound(http.get("/api/v1/ledger/blocks/" + (p.ledger.height() + 1_000), null));
        notFound(http.get("/api/v1/ledger/transactions/" + "0".repeat(64), null));
        notFound(http.get("/api/v1/ledger/transactions/" + "0".repeat(64) + "/proof", null));
    }

    @Test
    void publicLedgerReadsMayBeReadByAnyOriginAndNothingElseMay() {
        String tx = escrowTransaction();
        for (String path : List.of("/api/v1/ledger/blocks", "/api/v1/ledger/blocks/0", "/api/v1/ledger/checkpoint",
                "/api/v1/ledger/transactions/" + tx, "/api/v1/ledger/transactions/" + tx + "/proof",
                "/api/v1/ledger/consistency?from=1", "/api/v1/ledger/organisations",
                "/api/v1/ledger/blocks?limit=0", "/api/v1/ledger/transactions/" + "0".repeat(64))) {
            assertEquals("*", allowOrigin("GET", path, null), path);
        }
        for (String path : List.of("/api/v1/products", "/api/v1/categories", "/health", "/openapi.json")) {
            assertNull(allowOrigin("GET", path, null), path);
        }
        assertNull(allowOrigin("GET", "/api/v1/orders", buyer));
        assertNull(allowOrigin("GET", "/api/v1/admin/models", admin));
        assertNull(allowOrigin("POST", "/api/v1/ledger/verification", admin), "the admin POST is not cross-origin");
    }

    @Test
    void verificationRunsInTheBackgroundAndReportsTheLedgerIntact() throws InterruptedException {
        assertEquals(403, http.post("/api/v1/ledger/verification", buyer, null).status());
        assertEquals(401, http.post("/api/v1/ledger/verification", null, null).status());
        Http.Response started = http.post("/api/v1/ledger/verification", admin, null);
        assertEquals(202, started.status(), started::toString);
        JsonNode last = awaitFinished();
        assertTrue(last.get("ok").asBoolean(), last::toString);
        assertTrue(List.of("intact", "torn_tail").contains(last.get("status").asText()), last::toString);
        assertTrue(last.get("height").asLong() >= 3, last::toString);
        assertTrue(last.get("transactions").asLong() >= last.get("blocks").asLong(), last::toString);
        assertEquals("genesis", last.get("keys").asText());
        assertNotNull(Instant.parse(last.get("finishedAt").asText()));
        assertTrue(last.get("durationMillis").asLong() >= 0);
        assertFalse(last.has("reason"), last::toString);
    }

    /** Polls the public status until a run has finished (a generous deadline; the demo ledger checks in seconds). */
    private static JsonNode awaitFinished() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode s = ok(http.get("/api/v1/ledger/verification", null));
            if (!s.get("running").asBoolean() && s.has("last")) {
                return s.get("last");
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the verification did not finish within two minutes");
    }
}
