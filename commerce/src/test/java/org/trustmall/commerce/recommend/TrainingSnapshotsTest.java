package org.trustmall.commerce.recommend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.Marketplace;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.consent.ConsentService;
import org.trustmall.commerce.keys.SecretFiles;
import org.trustmall.contracts.provenance.DatasetRegistryContract;
import org.trustmall.data.ingest.Interaction;
import org.trustmall.data.snapshot.Snapshots;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.privacy.pseudonym.Pseudonyms;

/**
 * Training snapshots of the marketplace's own interactions on a real ledger and database: only consenting persons
 * who are not erased, only under pseudonyms, registered on the ledger; and what consent no longer covers retired.
 */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class TrainingSnapshotsTest {
    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;
    private Marketplace m;
    private long headphones;
    private long caseProduct;

    @BeforeEach
    void market() {
        m = new Marketplace(kind, dir, c -> c);
        headphones = productOf("HP-1");
        caseProduct = productOf("CASE-1");
    }

    @AfterEach
    void close() {
        if (m != null) {
            m.close();
        }
    }

    private long productOf(String sku) {
        return m.t.jdbi().withHandle(h -> h.createQuery("SELECT product_id FROM variants WHERE sku = :s")
                .bind("s", sku).mapTo(Long.class).one());
    }

    private EventService events() {
        return m.commerce().events();
    }

    private TrainingSnapshots snapshots() {
        return m.commerce().trainingSnapshots();
    }

    private void later() {
        m.clock.advance(Duration.ofMinutes(1));
    }

    private String pseudonym(Actor a) {
        return new Pseudonyms(SecretFiles.loadOrCreate(m.t.config().dataDir().resolve("keys"), "recsys-pseudonym"))
                .pseudonym(TrainingSnapshots.PURPOSE, "account:" + a.accountId());
    }

    private Set<String> usersOf(TrainingSnapshots.TrainingSnapshot s) {
        return new TreeSet<>(s.users());
    }

    private CborMap registered(String root) {
        return m.chain.ledger().query(DatasetRegistryContract.ID, DatasetRegistryContract.GET,
                DatasetRegistryContract.getArgs(root));
    }

    @Test
    void aSnapshotHoldsConsentingBuyersOnlyUnderPseudonymsAndIsRegisteredOnTheLedger() throws Exception {
        events().record(m.ann, headphones, EventService.VIEW, null);
        later();
        events().record(m.ann, caseProduct, EventService.CART, null);
        later();
        m.paid(m.ann, 1, 0);
        later();
        events().record(m.bob, caseProduct, EventService.RATING, 4);
        events().record(m.bob, headphones, EventService.PURCHASE, null); // reported, not proven: not trained on

        TrainingSnapshots.TrainingSnapshot s = snapshots().build();

        assertEquals(Set.of(pseudonym(m.ann), pseudonym(m.bob)), usersOf(s));
        assertEquals(4, s.rows());
        assertEquals(List.of(headphones, caseProduct), s.products());
        String rows = Files.readString(s.dir().resolve(Snapshots.ROWS));
        for (Actor a : List.of(m.ann, m.bob)) {
            assertFalse(rows.contains("\"account:" + a.accountId()), "no account reference in the rows");
            assertFalse(rows.contains("\"user\":\"" + a.accountId() + "\""), "no raw account id as user");
        }
        List<Interaction> annRows = Snapshots.open(s.dir()).rows().stream()
                .filter(r -> r.user().equals(pseudonym(m.ann))).toList();
        assertEquals(List.of("view", "cart", "purchase"), annRows.stream().map(Interaction::event).toList());
        assertEquals(List.of(Long.toString(headphones), Long.toString(caseProduct), Long.toString(headphones)),
                annRows.stream().map(Interaction::item).toList());

        CborMap onLedger = registered(s.root());
        assertEquals(4, onLedger.integer("rows"));
        assertEquals(2, onLedger.integer("users"));
        assertEquals(TrainingSnapshots.CONSENT_POLICY, onLedger.text("consent_policy"));
        assertEquals(Snapshots.SCHEMA_HASH, onLedger.text("schema_hash"));
        assertFalse(onLedger.bool("superseded"));
        assertEquals(0, s.personsLeftOut());
        assertEquals(2, s.normaliser().stats("price").count(), "both products have a CNY price");
    }

    @Test
    void aPersonWithoutConsentOneWhoWithdrewAndAnErasedOneAreAbsentFromTheNextSnapshot() {
        Actor cy = m.t.buyer("cy");
        Actor dan = m.t.buyer("dan");
        m.commerce().consents().set(dan, ConsentService.PERSONALISATION, false); // never consented
        for (Actor a : List.of(m.ann, m.bob, cy, dan)) {
            events().record(a, headphones, EventService.VIEW, null);
            later();
        }
        m.completed(cy, 0, 1);
        TrainingSnapshots.TrainingSnapshot first = snapshots().build();
        assertEquals(Set.of(pseudonym(m.ann), pseudonym(m.bob), pseudonym(cy)), usersOf(first));
        assertEquals(1, first.personsLeftOut());

        m.commerce().consents().set(m.bob, ConsentService.PERSONALISATION, false);
        m.commerce().privacy().erase(cy, TestCommerce.PASSWORD);
        TrainingSnapshots.TrainingSnapshot second = snapshots().build();

        assertEquals(Set.of(pseudonym(m.ann)), usersOf(second));
        assertEquals(2, second.personsLeftOut(), "bob and dan; cy is erased, not left out for want of consent");
        assertEquals(List.of(first.root()), second.supersededSnapshots());
        CborMap old = registered(first.root());
        assertTrue(old.bool("superseded"));
        assertEquals(second.root(), old.map("supersession").text("by_root"));
        assertFalse(registered(second.root()).bool("superseded"));
        long left = m.t.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM recommendation_events "
                + "WHERE account_id = :a").bind("a", cy.accountId()).mapTo(Long.class).one());
        assertEquals(0, left, "cy's events are erased with cy");
    }

    @Test
    void withdrawalSupersedesTheOlderSnapshotAndEveryModelTrainedOnIt() {
        events().record(m.ann, headphones, EventService.VIEW, null);
        events().record(m.bob, caseProduct, EventService.VIEW, null);
        TrainingSnapshots.TrainingSnapshot first = snapshots().build();
        ModelRegistry models = m.commerce().models();
        ModelRegistry.Registration a = models.register("markov", new byte[] {1, 2, 3}, first.root(), Map.of(),
                Map.of("valid_ndcg@10", 0.05));
        ModelRegistry.Registration b = models.register("pop", new byte[] {4, 5}, first.root(), Map.of(),
                Map.of("valid_ndcg@10", 0.01));
        assertEquals(b.id(), models.latestActive().orElseThrow().id());

        m.commerce().consents().set(m.ann, ConsentService.PERSONALISATION, false);
        TrainingSnapshots.TrainingSnapshot second = snapshots().build();

        assertEquals(Set.of(a.id(), b.id()), Set.copyOf(second.supersededModels()));
        for (String id : List.of(a.id(), b.id())) {
            ModelRegistry.Registration r = models.get(id).orElseThrow();
            assertTrue(r.superseded(), id);
            assertTrue(r.supersededReason().contains(first.root()), r.supersededReason());
            assertThrows(ModelRejected.class, () -> models.load(id));
        }
        assertTrue(models.latestActive().isEmpty(), "nothing may serve until the next training");
        ModelRegistry.Registration retrained = models.register("markov", new byte[] {9}, second.root(), Map.of(),
                Map.of("valid_ndcg@10", 0.04));
        assertEquals(retrained.id(), models.latestActive().orElseThrow().id());
    }

    @Test
    void theRegisteredSnapshotsShowTheirCountsTransactionsAndWhatReplacedThem() {
        events().record(m.ann, headphones, EventService.VIEW, null);
        events().record(m.bob, caseProduct, EventService.VIEW, null);
        TrainingSnapshots.TrainingSnapshot first = snapshots().build();
        m.commerce().consents().set(m.ann, ConsentService.PERSONALISATION, false);
        TrainingSnapshots.TrainingSnapshot second = snapshots().build();

        List<TrainingSnapshots.Registered> all = snapshots().registered().stream()
                .filter(r -> r.source().equals(TrainingSnapshots.SOURCE)).toList();
        assertEquals(List.of(first.root(), second.root()), all.stream().map(TrainingSnapshots.Registered::root)
                .toList(), "in registration order");
        TrainingSnapshots.Registered a = all.get(0);
        assertEquals(2, a.rows());
        assertEquals(2, a.users());
        assertEquals(first.transactionId(), a.transactionId());
        assertEquals(TrainingSnapshots.CONSENT_POLICY, a.consentPolicy());
        assertTrue(a.superseded());
        assertEquals(second.root(), a.supersededBy());
        assertTrue(a.supersededReason().contains("withdrawn"), a.supersededReason());
        assertEquals(64, a.supersessionTransactionId().length());
        TrainingSnapshots.Registered b = all.get(1);
        assertEquals(1, b.users());
        assertFalse(b.superseded());
        assertNull(b.supersededBy());
        assertTrue(b.height() > a.height());
        assertFalse(b.registeredAt().isBefore(a.registeredAt()));
    }

    @Test
    void buildingAgainWithNothingChangedGivesTheSameSnapshotAndRetiresNothing() {
        events().record(m.ann, headphones, EventService.VIEW, null);
        TrainingSnapshots.TrainingSnapshot first = snapshots().build();
        String tx = first.transactionId();
        events().record(m.bob, caseProduct, EventService.VIEW, null);
        TrainingSnapshots.TrainingSnapshot grown = snapshots().build();
        TrainingSnapshots.TrainingSnapshot again = snapshots().build();

        assertEquals(grown.root(), again.root());
        assertEquals(grown.transactionId(), again.transactionId(), "registered once");
        assertEquals(List.of(), grown.supersededSnapshots(), "a snapshot that only grew keeps every person");
        assertFalse(registered(first.root()).bool("superseded"));
        assertEquals(tx, snapshots().open(first.root()).transactionId());
    }

    @Test
    void sequencesAreEachUsersProductsInTimeOrderAsDenseIndices() {
        events().record(m.ann, caseProduct, EventService.VIEW, null);
        later();
        events().record(m.ann, caseProduct, EventService.CART, null); // the same product again: collapsed
        later();
        events().record(m.ann, headphones, EventService.VIEW, null);
        later();
        events().record(m.ann, caseProduct, EventService.RATING, 5);

        TrainingSnapshots.TrainingSnapshot s = snapshots().build();

        assertEquals(2, s.itemCount());
        int hp = s.products().indexOf(headphones);
        int cs = s.products().indexOf(caseProduct);
        assertEquals(1, s.sequences().size());
        assertArrayEquals(new int[] {cs, hp, cs}, s.sequences().get(0));
        TrainingSnapshots.TrainingSnapshot opened = snapshots().open(s.root());
        assertArrayEquals(s.sequences().get(0), opened.sequences().get(0));
        assertEquals(s.products(), opened.products());
        assertEquals(List.of(caseProduct, headphones, caseProduct), events().history(m.ann, 10));
        assertEquals(List.of(headphones, caseProduct), events().history(m.ann, 2), "the most recent");
    }
}
