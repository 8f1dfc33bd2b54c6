package org.trustmall.commerce.recommend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Marketplace;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.risk.RiskModels;
import org.trustmall.contracts.provenance.ModelRegistryContract;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.encoding.CborMap;

/** The model registry on a real ledger: what is registered, and what load refuses to hand out. */
class ModelRegistryTest {
    private static final byte[] WEIGHTS = "model weights v1".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> PARAMS = Map.of("dim", "64", "seed", "7");
    private static final Map<String, Double> METRICS = Map.of("valid_ndcg@10", 0.0612, "test_ndcg@10", 0.0598,
            "train_seconds", 12.5);

    @TempDir
    Path dir;
    private Marketplace m;
    private ModelRegistry models;
    private String snapshot;

    @BeforeEach
    void market() {
        m = new Marketplace(TestDatabases.Kind.H2, dir, c -> c);
        m.paid(m.ann, 1, 1);
        snapshot = m.commerce().trainingSnapshots().build().root();
        models = m.commerce().models();
    }

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void aRegisteredModelCarriesItsArtifactHashSnapshotParametersAndMetricsOnTheLedger() {
        ModelRegistry.Registration r = models.register("sasrec", WEIGHTS, snapshot, PARAMS, METRICS);

        assertEquals(Hash.sha256(WEIGHTS).hex(), r.artifactSha256());
        assertTrue(r.id().startsWith("sasrec-" + r.artifactSha256().substring(0, 16)), r.id());
        assertEquals(snapshot, r.snapshotRoot());
        assertEquals(PARAMS, r.parameters());
        assertEquals(METRICS, r.metrics());
        assertFalse(r.superseded());
        CborMap onLedger = m.chain.ledger().query(ModelRegistryContract.ID, ModelRegistryContract.GET,
                ModelRegistryContract.getArgs(r.id()));
        assertEquals("0.0612", onLedger.map("metrics").text("valid_ndcg@10"));
        assertEquals(r, models.get(r.id()).orElseThrow());
        assertEquals(r, models.register("sasrec", WEIGHTS, snapshot, PARAMS, METRICS), "idempotent");
        assertArrayEquals(WEIGHTS, models.load(r.id()).bytes());
    }

    @Test
    void aTamperedArtifactIsRefusedBeforeItIsDeserialised() throws Exception {
        ModelRegistry.Registration r = models.register("sasrec", WEIGHTS, snapshot, PARAMS, METRICS);
        Path file = models.artifactPath(r.id());
        byte[] tampered = Files.readAllBytes(file);
        tampered[0] ^= 1;
        Files.write(file, tampered);

        ModelRejected e = assertThrows(ModelRejected.class, () -> models.load(r.id()));

        assertEquals(r.id(), e.modelId());
        assertTrue(e.getMessage().contains("SHA-256 " + Hash.sha256(tampered).hex()), e::getMessage);
        assertTrue(e.getMessage().contains(r.artifactSha256()), e::getMessage);
        Path other = dir.resolve("elsewhere.model");
        Files.write(other, "other weights".getBytes(StandardCharsets.UTF_8));
        assertThrows(ModelRejected.class, () -> models.load(r.id(), other));
        Files.write(other, WEIGHTS);
        assertArrayEquals(WEIGHTS, models.load(r.id(), other).bytes(), "the registered bytes load from anywhere");
    }

    @Test
    void anUnregisteredMissingOrSupersededModelIsRefused() throws Exception {
        ModelRegistry.Registration r = models.register("markov", WEIGHTS, snapshot, PARAMS, METRICS);
        assertTrue(assertThrows(ModelRejected.class, () -> models.load("markov-0123456789abcdef-01234567"))
                .getMessage().contains("not registered"));
        Files.delete(models.artifactPath(r.id()));
        assertTrue(assertThrows(ModelRejected.class, () -> models.load(r.id())).getMessage().contains("missing"));

        models.supersede(r.id(), "replaced by a better model");
        Path copy = dir.resolve("copy.model");
        Files.write(copy, WEIGHTS);
        ModelRejected e = assertThrows(ModelRejected.class, () -> models.load(r.id(), copy));
        assertTrue(e.getMessage().contains("replaced by a better model"), e::getMessage);
    }

    @Test
    void latestActiveIsTheNewestModelNotSuperseded() {
        ModelRegistry.Registration first = models.register("pop", new byte[] {1}, snapshot, Map.of(), METRICS);
        ModelRegistry.Registration second = models.register("markov", new byte[] {2}, snapshot, Map.of(), METRICS);
        assertEquals(second.id(), models.latestActive().orElseThrow().id());
        models.supersede(second.id(), "withdrawn");
        assertEquals(first.id(), models.latestActive().orElseThrow().id());
        assertEquals(2, models.list(snapshot).size());
        // (the fraud model, registered at the set-up's first payment, is in the same registry)
        assertEquals(2, models.list(null).stream().filter(r -> !r.family().equals(RiskModels.FAMILY)).count());
    }

    @Test
    void aModelOfAnUnregisteredSnapshotOrWithABadMetricIsRefusedAndNothingIsKept() {
        String unknown = Hash.sha256(new byte[] {42}).hex();
        CommerceException e = assertThrows(CommerceException.class,
                () -> models.register("sasrec", WEIGHTS, unknown, PARAMS, METRICS));
        assertTrue(e.getMessage().contains("not registered"), e::getMessage);
        String id = "sasrec-" + Hash.sha256(WEIGHTS).hex().substring(0, 16) + "-" + unknown.substring(0, 8);
        assertFalse(Files.exists(models.artifactPath(id)), "the refused artifact is not kept");

        CommerceException.InvalidInput nan = assertThrows(CommerceException.InvalidInput.class,
                () -> models.register("sasrec", WEIGHTS, snapshot, PARAMS, Map.of("ndcg", Double.NaN)));
        assertEquals("metrics.ndcg", nan.field());
        assertEquals("family", assertThrows(CommerceException.InvalidInput.class,
                () -> models.register("SASRec", WEIGHTS, snapshot, PARAMS, METRICS)).field());
    }
}
