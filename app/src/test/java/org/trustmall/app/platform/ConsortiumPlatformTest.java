package org.trustmall.app.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.app.Cli;
import org.trustmall.app.Loopback;
import org.trustmall.app.TrustMall;
import org.trustmall.app.cli.DataDir;
import org.trustmall.assistant.llm.LlmConfig;
import org.trustmall.contracts.Contracts;
import org.trustmall.ledger.Check;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.cosign.CheckpointVerdict;
import org.trustmall.ledger.cosign.LightClient;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.identity.TrustedKeys;
import org.trustmall.ledger.proof.LedgerJson;
import org.trustmall.ledger.proof.ProofBundle;
import org.trustmall.server.ServerConfig;

/**
 * The platform in consortium mode: this process's platform is the "platform" organisation's node of a three-node
 * loopback cluster whose other two nodes are real {@code ledger node} child processes. Commerce over real HTTP
 * commits through the cluster, every node ends up with the same ledger, and the checkpoints and proofs the platform
 * serves carry the seals of the nodes that answered, enough for a client requiring a majority.
 */
class ConsortiumPlatformTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ORGANISATIONS = List.of("platform", "merchants", "logistics");

    @TempDir
    Path tmp;

    private final List<Process> nodes = new ArrayList<>();
    private final List<Ledger> readers = new ArrayList<>();
    private Platform platform;

    @AfterEach
    void stopEverything() throws InterruptedException {
        readers.forEach(Ledger::close);
        if (platform != null) {
            platform.close();
        }
        for (Process p : nodes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void commerceOnAClusterNodeCommitsThroughTheClusterAndEveryNodeHoldsTheSameLedger() throws Exception {
        Path cluster = clusterInit();
        List<Path> outputs = new ArrayList<>();
        for (String org : ORGANISATIONS.subList(1, 3)) {
            outputs.add(startNode(cluster, org));
        }
        DataDir data = DataDir.of(tmp.resolve("platform-data"));
        platform = Platform.open(data, PlatformLedger.clusterNode(cluster.resolve("platform/node.properties"),
                Duration.ofSeconds(120)), null, UnaryOperator.identity());
        platform.serve(new ServerConfig("127.0.0.1", 0, ServerConfig.DEFAULT_MAX_BODY_BYTES, Duration.ofMinutes(1)),
                LlmConfig.disabled());
        Loopback.Http http = new Loopback.Http("http://127.0.0.1:" + platform.port());

        String merchant = http.register("shop@example.com", "merchant", "Good Shop");
        String buyer = http.register("buyer@example.com", "buyer", "Han Meimei");
        JsonNode product = http.call("POST", "/api/v1/products", merchant, Map.of("title", "Desk Lamp 台灯",
                "description", "A fine lamp", "category", "electronics", "variants", List.of(Map.of("sku", "LAMP-1",
                        "price", Map.of("amount", 9_900, "currency", "CNY"), "stock", 3))), null, 201);
        assertTrue(product.get("id").asLong() > 0, product::toString);
        http.call("POST", "/api/v1/cart/items", buyer, Map.of("sku", "LAMP-1", "quantity", 1), null, 201);
        long orderId = http.call("POST", "/api/v1/orders", buyer, Map.of("shippingAddress", Map.of("name", "Li Lei",
                        "line1", "1 Renmin Rd", "city", "Beijing", "region", "CN-BJ", "postcode", "100000", "country",
                        "CN", "phone", "+86 10 5555 0100")), "checkout-lamp-1", 201)
                .get("orders").get(0).get("id").asLong();
        JsonNode paid = http.call("POST", "/api/v1/orders/" + orderId + "/pay", buyer,
                Map.of("cardNumber", "4242424242424242"), "pay-lamp-1", 200);
        assertEquals("paid", paid.get("state").asText(), paid::toString);
        JsonNode lock = null;
        for (JsonNode tx : paid.get("ledgerTransactions")) {
            if (tx.get("kind").asText().equals("escrow.lock")) {
                lock = tx;
            }
        }
        assertNotEquals(null, lock, () -> "no escrow.lock among " + paid.get("ledgerTransactions"));
        Hash escrowLock = Hash.fromHex(lock.get("id").asText());

        assertFalse(Files.exists(data.ledger()), "no embedded ledger is made in consortium mode");
        Ledger own = platform.ledger();
        assertTrue(own.transaction(escrowLock).isPresent());
        ProofBundle bundle = LedgerJson.proof(http.call("GET", lock.get("proof").asText(), null, null, null, 200));
        long height = bundle.checkpoint().height();

        for (String org : ORGANISATIONS.subList(1, 3)) {
            Path dir = cluster.resolve(org).resolve("ledger");
            Loopback.await(org + "'s node holding block " + height, () -> {
                try (Ledger l = Ledger.openReadOnly(dir, Contracts.runtime())) {
                    return l.height() >= height;
                }
            });
            Ledger theirs = Ledger.openReadOnly(dir, Contracts.runtime());
            readers.add(theirs);
            assertTrue(theirs.transaction(escrowLock).isPresent(), org + " lacks the escrow lock");
            for (long h = 1; h <= height; h++) {
                assertEquals(own.block(h).header().hash(), theirs.block(h).header().hash(), org + ", block " + h);
            }
            assertEquals(own.block(height).header().merkleRoot(), theirs.block(height).header().merkleRoot(),
                    org + "'s root");
            assertEquals(own.block(height).header().stateRoot(), theirs.block(height).header().stateRoot(),
                    org + "'s state root");
        }

        // What the platform serves is co-signed by the nodes that answered: a client requiring a majority takes it.
        TrustedKeys trusted = TrustedKeys.read(data.trustedKeys());
        assertEquals(ORGANISATIONS, trusted.organisations().stream().map(o -> o.name()).toList());
        assertEquals(2, trusted.threshold(), "a majority of the three organisations");
        Check proof = bundle.verify(trusted, Signatures.fastest());
        assertTrue(proof.ok(), proof::reason);
        assertEquals(escrowLock, bundle.transaction().id());
        Checkpoint served = LedgerJson.checkpoint(http.call("GET", "/api/v1/ledger/checkpoint", null, null, null,
                200));
        CheckpointVerdict verdict = new LightClient(trusted, Signatures.fastest()).offer(served, Optional.empty());
        assertTrue(verdict.accepted(), verdict::toString);
        assertEquals("platform", served.signatures().get(0).organisation(), "the platform's own seal first");

        // Restarted on its node, the platform finds its role registered and registers nothing again.
        long logSize = own.logSize();
        platform.close();
        platform = null;
        platform = Platform.open(data, PlatformLedger.clusterNode(cluster.resolve("platform/node.properties"),
                Duration.ofSeconds(120)), null, UnaryOperator.identity());
        assertEquals(logSize, platform.ledger().logSize());
        assertTrue(platform.ledger().transaction(escrowLock).isPresent());
    }

    @Test
    void aBadLedgerNodeFileStopsServeNamingTheFileAndTheFieldAndCreatesNothing() throws IOException {
        Path bad = tmp.resolve("node.properties");
        Files.writeString(bad, "node.id=platform\nnode.address=127.0.0.1:7001\nledger.dir=ledger\nraft.dir=raft\n"
                + "organisation=platform\nkey.file=platform.key\n");
        Path data = tmp.resolve("data");

        Cli serve = Cli.run("serve", "--data-dir", data.toString(), "--port", "0", "--ledger-node", bad.toString());

        assertEquals(1, serve.exit(), serve::toString);
        assertTrue(serve.err().contains(bad.toString()) && serve.err().contains("peers: is missing"), serve::toString);
        assertFalse(serve.err().contains("\tat "), "no stack trace");
        assertFalse(Files.exists(data), "nothing is created");
    }

    @Test
    void withoutAMajorityOfTheClusterRunningStartUpGivesUpAfterItsWaitSayingWhatMustRun() throws IOException {
        Path cluster = clusterInit();
        Path config = cluster.resolve("platform/node.properties");

        Cli serve = Cli.run("serve", "--data-dir", tmp.resolve("data").toString(), "--port", "0", "--ledger-node",
                config.toString(), "--ledger-wait", "2");

        assertEquals(1, serve.exit(), serve::toString);
        assertTrue(serve.err().contains("no leader in the ledger cluster of " + config.toAbsolutePath().normalize()),
                serve::toString);
        assertTrue(serve.err().contains("2 of [logistics, merchants, platform]"), serve::toString);
    }

    private Path clusterInit() throws IOException {
        Path cluster = tmp.resolve("cluster");
        Cli init = Cli.run("ledger", "cluster-init", "--dir", cluster.toString(), "--org", ORGANISATIONS.get(0),
                "--org", ORGANISATIONS.get(1), "--org", ORGANISATIONS.get(2), "--base-port",
                String.valueOf(Loopback.consecutiveFreePorts(3)));
        assertEquals(0, init.exit(), init::toString);
        return cluster;
    }

    private Path startNode(Path cluster, String org) throws IOException {
        Path out = tmp.resolve(org + ".out");
        nodes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), TrustMall.class.getName(), "ledger", "node", "--config",
                cluster.resolve(org).resolve("node.properties").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start());
        return out;
    }

}
