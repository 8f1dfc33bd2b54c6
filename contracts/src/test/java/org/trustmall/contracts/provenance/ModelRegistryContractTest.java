package org.trustmall.contracts.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustmall.contracts.provenance.DatasetRegistryContractTest.dataset;
import static org.trustmall.contracts.provenance.DatasetRegistryContractTest.failure;
import static org.trustmall.contracts.provenance.DatasetRegistryContractTest.hex;
import static org.trustmall.contracts.provenance.DatasetRegistryContractTest.value;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.contracts.testing.PlatformLedger;
import org.trustmall.ledger.block.TxResult;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;

/** The model registry on a real ledger, beside the dataset registry whose snapshots the models are trained on. */
class ModelRegistryContractTest {
    private static final Map<String, String> PARAMS = Map.of("dim", "64", "epochs", "30", "loss", "full-softmax");
    private static final Map<String, String> METRICS = Map.of("valid_ndcg@10", "0.0612", "test_ndcg@10", "0.0598",
            "hr@10", "0.101");

    @TempDir
    Path dir;
    private PlatformLedger ledger;

    @BeforeEach
    void open() {
        ledger = PlatformLedger.create(dir);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private void snapshot(String seed) {
        value(ledger.call(ledger.commerce, DatasetRegistryContract.ID, DatasetRegistryContract.REGISTER,
                DatasetRegistryContract.registerArgs(dataset(seed, 10))));
    }

    private static ModelRegistryContract.Model model(String id, String snapshotSeed) {
        return new ModelRegistryContract.Model(id, "sasrec", hex("weights of " + id), hex(snapshotSeed), PARAMS,
                METRICS);
    }

    private TxResult register(SigningKey signer, ModelRegistryContract.Model m) {
        return ledger.call(signer, ModelRegistryContract.ID, ModelRegistryContract.REGISTER,
                ModelRegistryContract.registerArgs(m));
    }

    private TxResult supersede(SigningKey signer, String id, String reason) {
        return ledger.call(signer, ModelRegistryContract.ID, ModelRegistryContract.SUPERSEDE,
                ModelRegistryContract.supersedeArgs(id, reason));
    }

    private CborMap get(String id) {
        return ledger.query(ModelRegistryContract.ID, ModelRegistryContract.GET, ModelRegistryContract.getArgs(id));
    }

    private List<String> listed(String snapshot) {
        return ledger.query(ModelRegistryContract.ID, ModelRegistryContract.LIST,
                ModelRegistryContract.listArgs(snapshot, 1, 100)).maps("models").stream().map(m -> m.text("id"))
                .toList();
    }

    @Test
    void aModelIsRegisteredWithItsArtifactHashSnapshotParametersAndMetrics() {
        snapshot("s1");
        CborMap r = value(register(ledger.commerce, model("sasrec-1", "s1")));
        assertEquals("sasrec-1", r.text("id"));

        CborMap got = get("sasrec-1");
        assertEquals("sasrec", got.text("family"));
        assertEquals(hex("weights of sasrec-1"), got.text("artifact_sha256"));
        assertEquals(hex("s1"), got.text("snapshot"));
        assertEquals("full-softmax", got.map("parameters").text("loss"));
        assertEquals("0.0612", got.map("metrics").text("valid_ndcg@10"));
        assertEquals("platform/commerce", got.text("by"));
        assertFalse(got.bool("superseded"));
    }

    @Test
    void aModelNeedsARegisteredSnapshotThatIsNotSuperseded() {
        String none = failure(register(ledger.commerce, model("m0", "s1")));
        assertTrue(none.contains("no snapshot is registered"), none);
        snapshot("s1");
        String unknown = failure(register(ledger.commerce, model("m1", "never")));
        assertTrue(unknown.contains("field 'snapshot'") && unknown.contains("not registered"), unknown);

        snapshot("s2");
        value(ledger.call(ledger.commerce, DatasetRegistryContract.ID, DatasetRegistryContract.SUPERSEDE,
                DatasetRegistryContract.supersedeArgs(hex("s1"), "a person was erased", hex("s2"))));
        String superseded = failure(register(ledger.commerce, model("m2", "s1")));
        assertTrue(superseded.contains("superseded"), superseded);
        assertTrue(register(ledger.commerce, model("m3", "s2")).ok());
        assertThrows(ContractFailure.class, () -> get("m2"));
    }

    @Test
    void registeringTheSameModelAgainIsIdempotentButADifferentArtifactUnderItsIdIsRefused() {
        snapshot("s1");
        CborMap first = value(register(ledger.commerce, model("m", "s1")));
        CborMap again = value(register(ledger.commerce, model("m", "s1")));
        assertEquals(first.integer("height"), again.integer("height"));

        ModelRegistryContract.Model m = model("m", "s1");
        String swapped = failure(register(ledger.commerce, new ModelRegistryContract.Model("m", m.family(),
                hex("other weights"), m.snapshot(), m.parameters(), m.metrics())));
        assertTrue(swapped.contains("already registered with other fields"), swapped);
        assertEquals(m.artifactSha256(), get("m").text("artifact_sha256"));
        assertEquals(List.of("m"), listed(null));
    }

    @Test
    void onlyTheDatasetRegistrysOperatorMayRegisterOrSupersedeModels() {
        snapshot("s1");
        String courier = failure(register(ledger.courier, model("m", "s1")));
        assertTrue(courier.contains("may not register models"), courier);
        assertFalse(register(ledger.support, model("m", "s1")).ok());
        value(register(ledger.commerce, model("m", "s1")));
        assertFalse(supersede(ledger.courier, "m", "sabotage").ok());
        assertFalse(get("m").bool("superseded"));
        assertTrue(supersede(ledger.platform, "m", "retired").ok(), "the operator's organisation key");
    }

    @Test
    void aSupersededModelStaysRegisteredWithItsReasonAndIsSupersededOnlyOnce() {
        snapshot("s1");
        value(register(ledger.commerce, model("m", "s1")));
        CborMap r = value(supersede(ledger.commerce, "m", "its snapshot was superseded"));
        assertTrue(r.bool("superseded"));
        assertEquals("its snapshot was superseded", get("m").map("supersession").text("reason"));
        assertEquals(hex("weights of m"), get("m").text("artifact_sha256"));
        assertTrue(failure(supersede(ledger.commerce, "m", "again")).contains("already superseded"));
        assertTrue(failure(supersede(ledger.commerce, "ghost", "x")).contains("not registered"));
    }

    @Test
    void modelsAreListedInRegistrationOrderOverallAndPerSnapshot() {
        snapshot("s1");
        snapshot("s2");
        value(register(ledger.commerce, model("a", "s1")));
        value(register(ledger.commerce, model("b", "s2")));
        value(register(ledger.commerce, model("c", "s1")));
        ledger.reopen();

        assertEquals(List.of("a", "b", "c"), listed(null));
        assertEquals(List.of("a", "c"), listed(hex("s1")));
        assertEquals(List.of("b"), listed(hex("s2")));
        assertEquals(List.of(), listed(hex("s3")));
        CborMap page = ledger.query(ModelRegistryContract.ID, ModelRegistryContract.LIST,
                ModelRegistryContract.listArgs(null, 3, 5));
        assertEquals(3, page.integer("count"));
        assertEquals("c", page.maps("models").get(0).text("id"));
    }

    @Test
    void metricsMustBeDecimalNumbersAndNamesPlainLabels() {
        snapshot("s1");
        ModelRegistryContract.Model m = model("m", "s1");
        String nan = failure(register(ledger.commerce, new ModelRegistryContract.Model("m", "sasrec",
                m.artifactSha256(), m.snapshot(), PARAMS, Map.of("ndcg", "NaN"))));
        assertTrue(nan.contains("field 'metrics.ndcg'"), nan);
        assertTrue(register(ledger.commerce, new ModelRegistryContract.Model("m", "sasrec", m.artifactSha256(),
                m.snapshot(), PARAMS, Map.of("loss", "-1.5e-3", "ndcg", "0"))).ok());
        String name = failure(register(ledger.commerce, new ModelRegistryContract.Model("n", "sasrec",
                m.artifactSha256(), m.snapshot(), Map.of("trained by", "x"), METRICS)));
        assertTrue(name.contains("field 'parameters.trained by'"), name);
        String family = failure(register(ledger.commerce, new ModelRegistryContract.Model("n", "SASRec v2",
                m.artifactSha256(), m.snapshot(), PARAMS, METRICS)));
        assertTrue(family.contains("field 'family'"), family);
    }
}
