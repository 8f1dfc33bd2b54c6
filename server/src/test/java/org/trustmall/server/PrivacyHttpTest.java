package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustmall.server.CommerceJourneyTest.register;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.commerce.DatabaseConfig;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.contracts.Contracts;
import org.trustmall.ledger.Check;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.proof.LedgerJson;
import org.trustmall.ledger.verify.LedgerVerifier;
import org.trustmall.ledger.verify.VerificationReport;
import org.trustmall.privacy.vault.Vault;
import org.trustmall.privacy.vault.VaultException;

/**
 * Privacy by design over real HTTP: personal data never lies in the clear in any file or log, every read of it is on
 * the ledger, a person exports all of it, and erasure leaves nothing that decrypts — while the ledger still verifies.
 */
class PrivacyHttpTest {
    private static final String NAME = "Zebedee Quillfeather";
    private static final String NAME_ZH = "欧阳翠花";
    private static final String EMAIL = "zebedee.quill@privacy-test.example";
    private static final String PHONE = "+86 139 8765 4321";
    private static final String STREET = "77 Marmalade Lighthouse Lane";

    @TempDir
    Path dir;
    private TestPlatform p;
    private Http http;

    @BeforeEach
    void start() {
        p = TestPlatform.start(dir, TestDatabases.Kind.H2, TestCommerce.CHEAP_HASHER);
        http = p.http;
    }

    @AfterEach
    void stop() {
        if (p != null) {
            p.close();
        }
    }

    private static Map<String, Object> address(String name) {
        return Map.of("name", name, "line1", STREET, "city", "Hangzhou", "region", "CN-ZJ", "postcode", "310000",
                "country", "CN", "phone", PHONE);
    }

    private long me(String token) {
        return http.get("/api/v1/auth/me", token).json().get("id").asLong();
    }

    /** A completed order of the buyer's, from a new shop; returns its id. */
    private long completedOrder(String buyer, String name, String sku) {
        String shop = register(http, sku.toLowerCase() + "-shop@example.com", "merchant", "Shop " + sku);
        assertEquals(201, http.post("/api/v1/products", shop, Map.of("title", "Teapot " + sku, "description",
                "A teapot", "category", "home", "variants", List.of(Map.of("sku", sku, "price",
                        Map.of("amount", 8_800, "currency", "CNY"), "stock", 5)))).status());
        http.post("/api/v1/cart/items", buyer, Map.of("sku", sku, "quantity", 1));
        long id = http.post("/api/v1/orders", buyer, Map.of("shippingAddress", address(name)),
                Map.of("Idempotency-Key", "privacy-checkout-" + sku)).json().get("orders").get(0).get("id").asLong();
        assertEquals(200, http.post("/api/v1/orders/" + id + "/pay", buyer, Map.of("cardNumber", "4242424242424242"),
                Map.of("Idempotency-Key", "privacy-pay-" + sku)).status());
        assertEquals(200, http.post("/api/v1/orders/" + id + "/ship", shop, Map.of("carrier", "SF",
                "trackingNumber", "SF" + id)).status());
        http.post("/api/v1/orders/" + id + "/shipment-events", shop, Map.of("kind", "picked_up"));
        http.post("/api/v1/orders/" + id + "/shipment-events", shop, Map.of("kind", "delivered"));
        // The merchant reads the address to ship it: a read the buyer's access log must show.
        JsonNode address = http.get("/api/v1/orders/" + id + "/shipping-address", shop).json();
        assertEquals(name, address.get("name").asText());
        assertEquals(200, http.post("/api/v1/orders/" + id + "/confirm", buyer, null).status());
        return id;
    }

    @Test
    void noPersonalValueAppearsInTheClearInAnyFileOrLogLine() throws IOException {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r.getMessage() + " " + (r.getThrown() == null ? "" : r.getThrown().toString()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        PrintStream err = System.err;
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            String buyer = register(http, EMAIL, "buyer", NAME);
            String other = register(http, "ouyang@privacy-test.example", "buyer", NAME_ZH);
            long order = completedOrder(buyer, NAME, "ZQ-1");
            completedOrder(other, NAME_ZH, "OY-1");
            JsonNode product = http.get("/api/v1/orders/" + order, buyer).json().get("lines").get(0);
            assertEquals(201, http.post("/api/v1/products/" + product.get("productId").asLong() + "/reviews", buyer,
                    Map.of("rating", 5, "text", "Pours beautifully")).status());
            Http.Response ret = http.post("/api/v1/orders/" + order + "/returns", buyer, Map.of("lines",
                    List.of(Map.of("lineNo", 0, "quantity", 1)), "reason", "Wrong colour; call " + PHONE));
            assertEquals(201, ret.status(), ret::toString);
            assertTrue(ret.json().get("reason").asText().contains(PHONE), "the buyer reads their own words");
            http.send("PUT", "/api/v1/me/consents/marketing", buyer, "{\"granted\":true}",
                    Map.of("Content-Type", "application/json"));
            http.send("PUT", "/api/v1/me/consents/personalisation", other, "{\"granted\":false}",
                    Map.of("Content-Type", "application/json"));
            http.post("/api/v1/auth/password-reset", null, Map.of("email", EMAIL));
            assertEquals(NAME, http.get("/api/v1/auth/me", buyer).json().get("displayName").asText(),
                    "the person sees their own name");
            assertEquals(EMAIL, http.get("/api/v1/me/export", buyer).json().get("profile").get("email").asText());
        } finally {
            p.close();
            p = null;
            System.setErr(err);
            root.removeHandler(capture);
        }
        List<String> secrets = List.of(NAME, NAME_ZH, EMAIL, "Zebedee", "Quillfeather", PHONE, "8765 4321", STREET,
                "Marmalade");
        String logs = String.join("\n", logged) + stderr.toString(StandardCharsets.UTF_8);
        for (String s : secrets) {
            assertFalse(logs.contains(s), () -> "the logs contain '" + s + "'");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.stream().anyMatch(f -> f.toString().endsWith(".mv.db")), "the H2 database was scanned");
        assertTrue(files.stream().anyMatch(f -> f.toString().contains("ledger")), "the ledger was scanned");
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            for (String s : secrets) {
                for (byte[] needle : List.of(s.getBytes(StandardCharsets.UTF_8),
                        s.getBytes(StandardCharsets.UTF_16BE), s.getBytes(StandardCharsets.UTF_16LE))) {
                    assertFalse(indexOf(bytes, needle) >= 0, () -> f + " contains '" + s + "' in the clear");
                }
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void aPersonSeesWhoReadTheirDataAndExportsAllOfItWithProofs() {
        String buyer = register(http, EMAIL, "buyer", NAME);
        long order = completedOrder(buyer, NAME, "EX-1");
        JsonNode log = http.get("/api/v1/me/access-log", buyer).json();
        List<String> accessors = new ArrayList<>();
        log.forEach(e -> accessors.add(e.get("accessor").asText() + "/" + e.get("purpose").asText()));
        assertTrue(accessors.stream().anyMatch(a -> a.startsWith("merchant:") && a.endsWith("/fulfilment")),
                accessors::toString);
        JsonNode entry = log.get(0);
        Check check = LedgerJson.proof(http.get(entry.get("proof").asText(), null).json())
                .verify(p.trustedKeys, Signatures.fastest());
        assertTrue(check.ok(), check::reason);

        JsonNode export = http.get("/api/v1/me/export", buyer).json();
        assertEquals(EMAIL, export.get("profile").get("email").asText());
        assertEquals(NAME, export.get("profile").get("display_name").asText());
        assertEquals(order, export.get("orders").get(0).get("id").asLong());
        assertEquals(STREET, export.get("orders").get(0).get("shippingAddress").get("line1").asText());
        assertEquals(4, export.get("consents").size());
        assertTrue(export.get("accessLog").size() >= 1);
        String tx = export.get("orders").get(0).get("ledgerTransactions").get(0).get("id").asText();
        Check inline = LedgerJson.proof(export.get("proofs").get(tx)).verify(p.trustedKeys, Signatures.fastest());
        assertTrue(inline.ok(), inline::reason);
        assertTrue(export.get("conversations").isArray());
        assertEquals(401, http.get("/api/v1/me/export", null).status());
    }

    @Test
    void afterErasureNothingDecryptsLoginFailsTheLedgerVerifiesAndAccountingRemains() throws Exception {
        String buyer = register(http, EMAIL, "buyer", NAME);
        long done = completedOrder(buyer, NAME, "ER-1");
        long buyerId = me(buyer);
        // An order in flight blocks erasure.
        String shop = register(http, "er-2-shop@example.com", "merchant", "Shop ER-2");
        http.post("/api/v1/products", shop, Map.of("title", "Cup", "description", "A cup", "category", "home",
                "variants", List.of(Map.of("sku", "ER-2", "price", Map.of("amount", 1_000, "currency", "CNY"),
                        "stock", 5))));
        http.post("/api/v1/cart/items", buyer, Map.of("sku", "ER-2", "quantity", 1));
        long open = http.post("/api/v1/orders", buyer, Map.of("shippingAddress", address(NAME)),
                Map.of("Idempotency-Key", "privacy-open-1")).json().get("orders").get(0).get("id").asLong();
        Http.Response refused = http.post("/api/v1/me/erasure", buyer, Map.of("password", TestCommerce.PASSWORD));
        assertEquals(409, refused.status(), refused::toString);
        assertEquals("orders", refused.json().get("field").asText());
        assertEquals(200, http.post("/api/v1/orders/" + open + "/cancel", buyer, Map.of("reason", "erasing")).status());
        Http.Response wrong = http.post("/api/v1/me/erasure", buyer, Map.of("password", "not my password"));
        assertEquals("password", wrong.json().get("field").asText(), wrong::toString);

        // A sealed value as it lies in the database, to try against the vault afterwards.
        DatabaseConfig db = p.database();
        String sealed;
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT field_value FROM personal_data WHERE subject = 'order:" + done
                     + "' AND field_name = 'name'")) {
            assertTrue(rs.next());
            sealed = rs.getString(1);
        }
        assertFalse(sealed.contains(NAME));

        Http.Response erased = http.post("/api/v1/me/erasure", buyer, Map.of("password", TestCommerce.PASSWORD));
        assertEquals(200, erased.status(), erased::toString);
        Check receipt = LedgerJson.proof(http.get(erased.json().get("proof").asText(), null).json())
                .verify(p.trustedKeys, Signatures.fastest());
        assertTrue(receipt.ok(), receipt::reason);

        assertEquals(401, http.get("/api/v1/auth/me", buyer).status(), "sessions are revoked");
        assertEquals(401, http.post("/api/v1/auth/login", null, Map.of("email", EMAIL, "password",
                TestCommerce.PASSWORD)).status(), "login fails");
        String admin = adminToken();
        JsonNode kept = http.get("/api/v1/orders/" + done, admin).json();
        assertTrue(kept.get("total").get("amount").asLong() > 0, "amounts remain for accounting");
        assertEquals("CN", kept.get("country").asText());
        assertFalse(kept.get("createdAt").asText().isEmpty());
        assertEquals(0, http.get("/api/v1/orders/" + done + "/shipping-address", admin).json().size());

        p.close();
        p = null;
        // With every file at hand — database, ledger, vault, keyset — the sealed value no longer decrypts.
        try (Vault vault = Vault.open(dir.resolve("vault"))) {
            assertThrows(VaultException.SubjectErased.class, () -> vault.openText("account:" + buyerId,
                    "order:" + done + "/name", sealed));
        }
        VerificationReport r = new LedgerVerifier(Contracts.runtime(), Signatures.fastest())
                .verify(dir.resolve("ledger"), java.util.Optional.empty());
        assertEquals(VerificationReport.Status.INTACT, r.status(), r::toString);
    }

    private String adminToken() {
        p.commerce.accounts().createUser(new org.trustmall.commerce.accounts.AccountService.Registration(
                "admin@privacy-test.example", TestCommerce.PASSWORD, org.trustmall.commerce.Role.ADMIN, "Admin"));
        return http.post("/api/v1/auth/login", null, Map.of("email", "admin@privacy-test.example", "password",
                TestCommerce.PASSWORD)).json().get("token").asText();
    }

    @Test
    void anAdminRotatesTheKeyEncryptionKeyWhileThePlatformRunsAndRetiresTheOldOne() throws Exception {
        String buyer = register(http, EMAIL, "buyer", NAME);
        String admin = adminToken();
        assertEquals(403, http.get("/api/v1/admin/keys", buyer).status());
        String old = http.get("/api/v1/admin/keys", admin).json().get("primary").asText();
        JsonNode rotated = http.post("/api/v1/admin/keys/rotation", admin, null).json();
        assertEquals(2, rotated.get("versions").size());
        assertFalse(old.equals(rotated.get("primary").asText()));
        long deadline = System.nanoTime() + 30_000_000_000L;
        JsonNode status = rotated;
        while (status.get("rewrapping").asBoolean() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            status = http.get("/api/v1/admin/keys", admin).json();
        }
        assertFalse(status.get("rewrapping").asBoolean(), "the background re-wrap finished");
        assertEquals(NAME, http.get("/api/v1/auth/me", buyer).json().get("displayName").asText(),
                "data sealed before the rotation still opens");
        JsonNode retired = http.post("/api/v1/admin/keys/" + old + "/retirement", admin, null).json();
        assertEquals(1, retired.get("versions").size(), retired::toString);
        Http.Response primary = http.post("/api/v1/admin/keys/" + retired.get("primary").asText() + "/retirement",
                admin, null);
        assertEquals(409, primary.status(), "the primary cannot be retired");
        register(http, "after@privacy-test.example", "buyer", "After Rotation");
        assertEquals(NAME, http.get("/api/v1/auth/me", buyer).json().get("displayName").asText());
    }
}
