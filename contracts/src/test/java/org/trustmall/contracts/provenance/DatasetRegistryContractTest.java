package org.trustmall.contracts.provenance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.contracts.testing.PlatformLedger;
import org.trustmall.ledger.block.TxResult;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;

/** The dataset registry on a real ledger, written by the platform's commerce role unless a test says otherwise. */
class DatasetRegistryContractTest {
    static final String SCHEMA = hex("schema v1");

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

    static String hex(String seed) {
        return Hash.sha256(seed.getBytes(StandardCharsets.UTF_8)).hex();
    }

    static DatasetRegistryContract.Dataset dataset(String seed, long rows) {
        return new DatasetRegistryContract.Dataset(hex(seed), rows, Math.min(rows, 3), Math.min(rows, 5), SCHEMA,
                "personalisation-v1", "platform-events");
    }

    private TxResult register(SigningKey signer, DatasetRegistryContract.Dataset d) {
        return ledger.call(signer, DatasetRegistryContract.ID, DatasetRegistryContract.REGISTER,
                DatasetRegistryContract.registerArgs(d));
    }

    private TxResult supersede(SigningKey signer, String root, String reason, String byRoot) {
        return ledger.call(signer, DatasetRegistryContract.ID, DatasetRegistryContract.SUPERSEDE,
                DatasetRegistryContract.supersedeArgs(root, reason, byRoot));
    }

    private CborMap get(String root) {
        return ledger.query(DatasetRegistryContract.ID, DatasetRegistryContract.GET,
                DatasetRegistryContract.getArgs(root));
    }

    static CborMap value(TxResult r) {
        return CborMap.parse(assertInstanceOf(TxResult.Succeeded.class, r, r::toString).value());
    }

    static String failure(TxResult r) {
        return assertInstanceOf(TxResult.Failed.class, r, r::toString).reason();
    }

    @Test
    void aRegisteredSnapshotShowsItsCountsHashesAndWhereInTheChainItWasRecorded() {
        CborMap r = value(register(ledger.commerce, dataset("a", 10)));
        assertEquals(hex("a"), r.text("root"));
        assertEquals(1, r.integer("n"));
        assertFalse(r.bool("superseded"));

        CborMap got = get(hex("a"));
        assertEquals(10, got.integer("rows"));
        assertEquals(3, got.integer("users"));
        assertEquals(5, got.integer("items"));
        assertEquals(SCHEMA, got.text("schema_hash"));
        assertEquals("personalisation-v1", got.text("consent_policy"));
        assertEquals("platform-events", got.text("source"));
        assertEquals("platform/commerce", got.text("by"));
        assertEquals(PlatformLedger.START.toEpochMilli(), got.integer("timestamp"));
        assertEquals(32, got.bytes("tx").length);
        assertFalse(got.has("supersession"));
    }

    @Test
    void registeringTheSameSnapshotAgainReturnsTheFirstRegistrationButOtherFieldsAreRefused() {
        CborMap first = value(register(ledger.commerce, dataset("a", 10)));
        CborMap again = value(register(ledger.commerce, dataset("a", 10)));
        assertEquals(first.integer("n"), again.integer("n"));
        assertArrayEquals(first.bytes("tx"), again.bytes("tx"), "the repeat wrote nothing of its own");

        DatasetRegistryContract.Dataset a = dataset("a", 10);
        String reason = failure(register(ledger.commerce, new DatasetRegistryContract.Dataset(a.root(), 11, 3, 5,
                SCHEMA, a.consentPolicy(), a.source())));
        assertTrue(reason.contains("already registered with other fields"), reason);
        assertEquals(10, get(a.root()).integer("rows"));
        assertEquals(1, ledger.query(DatasetRegistryContract.ID, DatasetRegistryContract.LIST,
                DatasetRegistryContract.listArgs(1, 100)).integer("count"));
    }

    @Test
    void onlyTheOperatorOrItsOrganisationsOwnKeyMayRegisterOrSupersede() {
        assertTrue(register(ledger.commerce, dataset("a", 10)).ok());

        String courier = failure(register(ledger.courier, dataset("b", 10)));
        assertTrue(courier.contains("only the registry's operator platform/commerce"), courier);
        assertFalse(register(ledger.support, dataset("b", 10)).ok(), "another role of the same organisation");
        assertFalse(supersede(ledger.courier, hex("a"), "takeover", null).ok());
        assertFalse(get(hex("a")).bool("superseded"));

        assertTrue(register(ledger.platform, dataset("c", 4)).ok(), "the organisation's own key");
        assertTrue(supersede(ledger.platform, hex("a"), "replaced", hex("c")).ok());
        CborMap list = ledger.query(DatasetRegistryContract.ID, DatasetRegistryContract.LIST,
                DatasetRegistryContract.listArgs(1, 10));
        assertEquals("platform/commerce", list.text("operator"));
    }

    @Test
    void aSupersessionIsRecordedOnceBesideTheUnchangedRegistration() {
        value(register(ledger.commerce, dataset("old", 10)));
        value(register(ledger.commerce, dataset("new", 8)));
        CborMap before = get(hex("old"));

        CborMap r = value(supersede(ledger.commerce, hex("old"), "a person withdrew consent", hex("new")));

        assertTrue(r.bool("superseded"));
        CborMap after = get(hex("old"));
        CborMap s = after.map("supersession");
        assertEquals("a person withdrew consent", s.text("reason"));
        assertEquals(hex("new"), s.text("by_root"));
        assertEquals("platform/commerce", s.text("by"));
        for (String f : List.of("rows", "users", "items", "n", "height", "timestamp")) {
            assertEquals(before.integer(f), after.integer(f), f);
        }
        assertArrayEquals(before.bytes("tx"), after.bytes("tx"));
        assertTrue(failure(supersede(ledger.commerce, hex("old"), "again", null)).contains("already superseded"));
        assertFalse(get(hex("new")).bool("superseded"));
    }

    @Test
    void aSupersessionMustNameARegisteredSnapshotOtherThanItself() {
        value(register(ledger.commerce, dataset("a", 10)));
        assertTrue(failure(supersede(ledger.commerce, hex("nope"), "gone", null)).contains("field 'root'"));
        assertTrue(failure(supersede(ledger.commerce, hex("a"), "self", hex("a"))).contains("itself"));
        String unknown = failure(supersede(ledger.commerce, hex("a"), "by unknown", hex("nope")));
        assertTrue(unknown.contains("field 'by_root'"), unknown);
        assertTrue(failure(supersede(ledger.commerce, hex("a"), "", null)).contains("field 'reason'"));
        assertFalse(get(hex("a")).bool("superseded"));
    }

    @Test
    void malformedRegistrationsFailNamingTheField() {
        DatasetRegistryContract.Dataset ok = dataset("a", 10);
        assertTrue(failure(register(ledger.commerce, new DatasetRegistryContract.Dataset(ok.root().toUpperCase(), 10,
                3, 5, SCHEMA, ok.consentPolicy(), ok.source()))).contains("field 'root'"));
        assertTrue(failure(register(ledger.commerce, new DatasetRegistryContract.Dataset(ok.root(), -1, 0, 0,
                SCHEMA, ok.consentPolicy(), ok.source()))).contains("field 'rows'"));
        assertTrue(failure(register(ledger.commerce, new DatasetRegistryContract.Dataset(ok.root(), 2, 3, 1,
                SCHEMA, ok.consentPolicy(), ok.source()))).contains("field 'rows'"));
        assertTrue(failure(register(ledger.commerce, new DatasetRegistryContract.Dataset(ok.root(), 10, 3, 5,
                "abc", ok.consentPolicy(), ok.source()))).contains("field 'schema_hash'"));
        // Free text could name a person; the source is a label.
        String source = failure(register(ledger.commerce, new DatasetRegistryContract.Dataset(ok.root(), 10, 3, 5,
                SCHEMA, ok.consentPolicy(), "events of Li Lei")));
        assertTrue(source.contains("field 'source'"), source);
        String extra = failure(ledger.call(ledger.commerce, DatasetRegistryContract.ID,
                DatasetRegistryContract.REGISTER, CborMap.builder().put("root", ok.root()).put("rows", 1L)
                        .put("users", 1L).put("items", 1L).put("schema_hash", SCHEMA).put("consent_policy", "p")
                        .put("source", "s").put("user_ids", List.of("42")).build().encode()));
        assertTrue(extra.contains("field 'user_ids'"), extra);
        assertThrows(ContractFailure.class, () -> get(ok.root()));
    }

    @Test
    void theListPagesThroughRegistrationsInOrderAndSurvivesAReplay() {
        for (int i = 1; i <= 5; i++) {
            value(register(ledger.commerce, dataset("d" + i, i)));
        }
        value(supersede(ledger.commerce, hex("d2"), "replaced", hex("d5")));
        ledger.reopen();

        CborMap page = ledger.query(DatasetRegistryContract.ID, DatasetRegistryContract.LIST,
                DatasetRegistryContract.listArgs(2, 2));
        assertEquals(5, page.integer("count"));
        List<CborMap> datasets = page.maps("datasets");
        assertEquals(List.of(hex("d2"), hex("d3")), datasets.stream().map(d -> d.text("root")).toList());
        assertTrue(datasets.get(0).bool("superseded"));
        assertFalse(datasets.get(1).bool("superseded"));
        assertThrows(ContractFailure.class, () -> ledger.query(DatasetRegistryContract.ID,
                DatasetRegistryContract.LIST, DatasetRegistryContract.listArgs(1, 101)));
    }
}
