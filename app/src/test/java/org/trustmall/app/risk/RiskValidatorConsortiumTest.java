package org.trustmall.app.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.app.Cli;
import org.trustmall.app.Loopback;
import org.trustmall.app.TrustMall;
import org.trustmall.app.cli.DataDir;
import org.trustmall.app.platform.Platform;
import org.trustmall.app.platform.PlatformLedger;
import org.trustmall.assistant.llm.LlmConfig;
import org.trustmall.commerce.DatabaseConfig;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.contracts.Contracts;
import org.trustmall.contracts.risk.RiskDecisionContract;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.crypto.KeyFiles;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.ordering.raft.RaftConfig;
import org.trustmall.server.ServerConfig;

/**
 * Re-execution votes (issue 9, item 6) on a three-organisation loopback cluster: the platform is the "platform"
 * organisation's node in this process, "merchants" and "logistics" run {@code ledger node} child processes, and their
 * validators run as {@code risk validator} child processes (and, for the later case, in this process) against the
 * platform's HTTP API. One cluster serves every case.
 */
class RiskValidatorConsortiumTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ORGANISATIONS = List.of("platform", "merchants", "logistics");
    private static final List<String> VALIDATORS = ORGANISATIONS.subList(1, 3);

    @TempDir
    Path tmp;

    private final List<Process> processes = new ArrayList<>();
    private Platform platform;

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (platform != null) {
            platform.close();
        }
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void validatorsConfirmAnHonestDecisionFlagATamperedVectorAndASwappedModelAndRefuseStrangers() throws Exception {
        Path cluster = clusterInit();
        for (String org : VALIDATORS) {
            start(tmp.resolve(org + "-node.out"), "ledger", "node", "--config", config(cluster, org));
        }
        DataDir data = DataDir.of(tmp.resolve("platform-data"));
        platform = Platform.open(data, PlatformLedger.clusterNode(cluster.resolve("platform/node.properties"),
                Duration.ofSeconds(120)), null, UnaryOperator.identity());
        platform.serve(new ServerConfig("127.0.0.1", 0, ServerConfig.DEFAULT_MAX_BODY_BYTES, Duration.ofMinutes(1)),
                LlmConfig.disabled());
        String base = "http://127.0.0.1:" + platform.port();
        Loopback.Http http = new Loopback.Http(base);
        String merchant = http.register("shop@example.com", "merchant", "Good Shop");
        String buyer = http.register("buyer@example.com", "buyer", "Han Meimei");
        http.call("POST", "/api/v1/products", merchant, Map.of("title", "Desk Lamp", "description", "A fine lamp",
                "category", "electronics", "variants", List.of(Map.of("sku", "LAMP-1", "price", Map.of("amount",
                        9_900, "currency", "CNY"), "stock", 10))), null, 201);
        long honest = buyAndPay(http, buyer, "a");
        long tampered = buyAndPay(http, buyer, "b");

        // An insider alters the stored vector of one decision after it was recorded.
        DatabaseConfig db = DatabaseConfig.embedded(data.root());
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             PreparedStatement read = c.prepareStatement("SELECT features FROM risk_decisions WHERE order_id = ?");
             PreparedStatement write = c.prepareStatement("UPDATE risk_decisions SET features = ? "
                     + "WHERE order_id = ?")) {
            read.setLong(1, tampered);
            String features;
            try (ResultSet rs = read.executeQuery()) {
                assertTrue(rs.next(), "the tampered order has a decision row");
                features = rs.getString(1);
            }
            String[] values = features.split(",");
            values[0] = Double.toString(Double.parseDouble(values[0]) + 1.0);
            write.setString(1, String.join(",", values));
            write.setLong(2, tampered);
            assertEquals(1, write.executeUpdate());
        }

        // Validators as child processes, one per organisation, each once over what waits for its vote.
        awaitNodesAt(cluster, platform.ledger().height());
        List<Process> validators = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (String org : VALIDATORS) {
            Path out = tmp.resolve(org + "-validator.json");
            outputs.add(out);
            validators.add(start(out, "risk", "validator", "--config", config(cluster, org), "--platform", base,
                    "--once", "--json"));
        }
        for (int i = 0; i < validators.size(); i++) {
            Process p = validators.get(i);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), VALIDATORS.get(i) + "'s validator did not finish");
            String out = Files.readString(outputs.get(i));
            assertEquals(0, p.exitValue(), out);
            JsonNode doc = JSON.readTree(out.substring(out.indexOf('{')));
            assertEquals(VALIDATORS.get(i), doc.get("organisation").asText(), out);
            assertEquals(2, doc.get("votes").size(), out);
            for (JsonNode v : doc.get("votes")) {
                boolean isHonest = v.get("orderId").asLong() == honest;
                assertEquals(isHonest, v.get("agree").asBoolean(), out);
                assertEquals(isHonest ? "agrees" : "commitment mismatch", v.get("reason").asText(), out);
            }
        }
        awaitVotes(honest, 2);
        awaitVotes(tampered, 2);
        CborMap confirmed = decision(honest);
        assertEquals("confirmed", confirmed.text("status"), confirmed::toString);
        assertEquals(2, confirmed.integer("agree"));
        CborMap flagged = decision(tampered);
        assertEquals("flagged", flagged.text("status"), flagged::toString);
        assertEquals(2, flagged.integer("disagree"));
        assertTrue(flagged.bool("holds"), "a flagged decision holds the escrow until a person reviews it");
        assertEquals("LOCKED", platform.ledger().query("escrow", "get", CborMap.builder()
                .put("order", "order:" + tampered).build()).text("state"));
        // The platform shows what the chain holds: held for the buyer, with the votes, and queued for admins.
        JsonNode buyerView = http.call("GET", "/api/v1/orders/" + tampered + "/risk", buyer, null, null, 200);
        assertTrue(buyerView.get("held").asBoolean(), buyerView::toString);
        assertEquals("flagged", buyerView.get("validation").get("status").asText(), buyerView::toString);
        assertEquals(2, buyerView.get("validation").get("disagree").asInt());
        platform.commerce().accounts().createUser(new AccountService.Registration("root@example.com",
                "correct horse battery", Role.ADMIN, "Root"));
        String admin = http.call("POST", "/api/v1/auth/login", null, Map.of("email", "root@example.com",
                "password", "correct horse battery"), null, 200).get("token").asText();
        JsonNode queue = http.call("GET", "/api/v1/admin/risk/reviews", admin, null, null, 200);
        boolean queued = false;
        for (JsonNode e : queue) {
            queued |= e.get("orderId").asLong() == tampered && e.get("reason").asText().startsWith("flagged");
        }
        assertTrue(queued, queue::toString);

        // The platform swaps the model file behind a registered hash: re-execution catches it (validators in process).
        long swapped = buyAndPay(http, buyer, "c");
        String sha = decision(swapped).text("model_sha256");
        Path artifact = modelArtifact(data.root(), sha);
        byte[] original = Files.readAllBytes(artifact);
        Files.write(artifact, "not the registered model".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try {
            awaitNodesAt(cluster, platform.ledger().height());
            for (String org : VALIDATORS) {
                RaftConfig node = RaftConfig.load(Path.of(config(cluster, org)));
                try (RiskValidator v = new RiskValidator(node, KeyFiles.readPrivate(node.keyFile()), base)) {
                    List<RiskValidator.Vote> votes = v.round();
                    assertEquals(1, votes.size(), votes::toString);
                    assertEquals(swapped, votes.get(0).orderId());
                    assertFalse(votes.get(0).agree());
                    assertEquals(RiskValidator.Reason.MODEL_HASH_MISMATCH, votes.get(0).reason(), votes::toString);
                }
            }
        } finally {
            Files.write(artifact, original);
        }
        awaitVotes(swapped, 2);
        assertEquals("flagged", decision(swapped).text("status"));
        assertTrue(decision(swapped).bool("holds"));

        // Only consortium organisations other than the platform's get decision data.
        String path = "/api/v1/validator/risk/decisions/" + honest;
        RaftConfig platformNode = RaftConfig.load(cluster.resolve("platform/node.properties"));
        assertEquals(403, http.signed(path, "platform", KeyFiles.readPrivate(platformNode.keyFile())));
        assertEquals(401, http.signed(path, "merchants", SigningKey.generate()));
        assertEquals(401, http.signed(path, null, null));
        RaftConfig merchantsNode = RaftConfig.load(Path.of(config(cluster, "merchants")));
        assertEquals(200, http.signed(path, "merchants", KeyFiles.readPrivate(merchantsNode.keyFile())));
    }

    private long buyAndPay(Loopback.Http http, String buyer, String key) throws Exception {
        http.call("POST", "/api/v1/cart/items", buyer, Map.of("sku", "LAMP-1", "quantity", 1), null, 201);
        long orderId = http.call("POST", "/api/v1/orders", buyer, Map.of("shippingAddress", Map.of("name", "Li Lei",
                        "line1", "1 Renmin Rd", "city", "Beijing", "region", "CN-BJ", "postcode", "100000", "country",
                        "CN", "phone", "+86 10 5555 0100")), "checkout-order-" + key, 201)
                .get("orders").get(0).get("id").asLong();
        JsonNode paid = http.call("POST", "/api/v1/orders/" + orderId + "/pay", buyer,
                Map.of("cardNumber", "4242424242424242"), "pay-order-" + key, 200);
        assertEquals("paid", paid.get("state").asText(), paid::toString);
        return orderId;
    }

    private CborMap decision(long orderId) {
        return platform.ledger().query(RiskDecisionContract.ID, RiskDecisionContract.GET,
                RiskDecisionContract.getArgs("order:" + orderId));
    }

    private void awaitVotes(long orderId, int votes) throws InterruptedException {
        Loopback.await(votes + " votes on order " + orderId, () -> decision(orderId).list("votes").size() >= votes);
    }

    private static Path modelArtifact(Path dataDir, String sha) throws IOException {
        try (var files = Files.list(dataDir.resolve("risk").resolve("models"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".model")).toList()) {
                if (org.trustmall.ledger.crypto.Hash.sha256(Files.readAllBytes(p)).hex().equals(sha)) {
                    return p;
                }
            }
        }
        throw new AssertionError("no artifact with SHA-256 " + sha);
    }

    private void awaitNodesAt(Path cluster, long height) throws InterruptedException {
        for (String org : VALIDATORS) {
            Path dir = cluster.resolve(org).resolve("ledger");
            Loopback.await(org + "'s node holding block " + height, () -> {
                try (Ledger l = Ledger.openReadOnly(dir, Contracts.runtime())) {
                    return l.height() >= height;
                }
            });
        }
    }

    private static String config(Path cluster, String org) {
        return cluster.resolve(org).resolve("node.properties").toString();
    }

    private Path clusterInit() throws IOException {
        Path cluster = tmp.resolve("cluster");
        Cli init = Cli.run("ledger", "cluster-init", "--dir", cluster.toString(), "--org", ORGANISATIONS.get(0),
                "--org", ORGANISATIONS.get(1), "--org", ORGANISATIONS.get(2), "--base-port",
                String.valueOf(Loopback.consecutiveFreePorts(3)));
        assertEquals(0, init.exit(), init::toString);
        return cluster;
    }

    private Process start(Path out, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), TrustMall.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(tmp.resolve(out.getFileName() + ".err").toFile())
                .redirectOutput(out.toFile()).start();
        processes.add(p);
        return p;
    }

}
