package org.trustmall.commerce.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ai.recsys.ModelSelection;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.Marketplace;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.consent.ConsentService;
import org.trustmall.commerce.money.Money;

/**
 * The platform's training run on a real ledger and database: snapshot → selection on validation → registration →
 * deployment through the hash check; nothing retrained without new data; a withdrawal retires the served model.
 */
class RecommenderTrainingTest {
    @TempDir
    Path dir;
    private Marketplace m;
    private final List<Long> products = new ArrayList<>();
    private final List<Actor> buyers = new ArrayList<>();

    @BeforeEach
    void market() {
        m = new Marketplace(TestDatabases.Kind.H2, dir, c -> c);
        for (int i = 0; i < 8; i++) {
            products.add(m.t.product(m.shop, "Gadget " + i, "GAD-" + i, Money.of(1_000 + i, "CNY"), 50).id());
        }
        // Each buyer walks five steps along the chain 0 → 1 → … → 7.
        for (int b = 0; b < 14; b++) {
            Actor buyer = m.t.buyer("shopper" + b);
            buyers.add(buyer);
            for (int s = 0; s < 5; s++) {
                m.commerce().events().record(buyer, products.get((b % 4) + s), EventService.VIEW, null);
                m.clock.advance(Duration.ofMinutes(1));
            }
        }
    }

    @AfterEach
    void close() {
        m.close();
    }

    private RecommenderTraining training() {
        return new RecommenderTraining(m.commerce().trainingSnapshots(), m.commerce().models(),
                m.commerce().recommendations(), m.commerce().catalogue(), List.of("pop", "markov"), 42);
    }

    @Test
    void aRunRegistersTheModelChosenOnValidationAndServesIt() {
        RecommenderTraining.Outcome o = training().train(ModelSelection.Listener.NONE);
        assertTrue(o.trained(), o::note);
        assertEquals("markov", o.selection().selected(), "the chain is sequential: markov wins on validation");
        ModelRegistry.Registration r = o.model();
        assertEquals(o.snapshot().root(), r.snapshotRoot());
        assertTrue(r.metrics().containsKey("pop.ndcg@10"), "the baseline's figures are registered alongside");
        assertEquals(r.id(), m.commerce().recommendations().deployedModel().orElseThrow());

        RecommenderTraining.Outcome again = training().train(ModelSelection.Listener.NONE);
        assertFalse(again.trained(), "nothing new: nothing retrained");
        assertEquals(r.id(), again.model().id());

        Actor viewer = m.t.buyer("viewer");
        m.commerce().events().record(viewer, products.get(2), EventService.VIEW, null);
        Recommendations.Result recs = m.commerce().recommendations().forBuyer(viewer, 1);
        assertEquals(Recommendations.Basis.PERSONALISED, recs.basis());
        assertEquals(products.get(3), recs.products().getFirst().id(), "after gadget 2 comes gadget 3");

    }

    @Test
    void aWithdrawalRetiresTheServedModelAndTheNextRunTrainsWithoutThePerson() {
        String first = training().train(ModelSelection.Listener.NONE).model().id();
        m.commerce().consents().set(buyers.getFirst(), ConsentService.PERSONALISATION, false);

        RecommenderTraining.Outcome next = training().train(ModelSelection.Listener.NONE);

        assertTrue(next.snapshot().supersededModels().contains(first));
        assertTrue(m.commerce().models().get(first).orElseThrow().superseded(), "marked on the ledger");
        assertTrue(next.trained());
        assertNotEquals(first, next.model().id());
        assertEquals(next.model().id(), m.commerce().recommendations().deployedModel().orElseThrow());
    }

    @Test
    void aTamperedArtifactIsNotDeployedAtStartUp() throws Exception {
        String id = training().train(ModelSelection.Listener.NONE).model().id();
        m.commerce().recommendations().withdraw(id);
        Path file = m.commerce().models().artifactPath(id);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);

        assertThrows(ModelRejected.class, () -> training().deployLatest());
        assertTrue(m.commerce().recommendations().deployedModel().isEmpty());
    }

    @Test
    void eventsPostedWithinOneMillisecondKeepTheOrderTheyCameIn() {
        Actor quick = m.t.buyer("quick");
        // The clock stands still: all three arrive "at once", newest product first.
        for (int i : new int[] {7, 2, 5}) {
            m.commerce().events().record(quick, products.get(i), EventService.VIEW, null);
        }
        assertEquals(List.of(products.get(7), products.get(2), products.get(5)),
                m.commerce().events().history(quick, 10));
        TrainingSnapshots.TrainingSnapshot s = m.commerce().trainingSnapshots().build();
        int[] sequence = s.sequences().get(s.users().indexOf(pseudonymOf(quick)));
        assertEquals(List.of(products.get(7), products.get(2), products.get(5)),
                java.util.Arrays.stream(sequence).mapToObj(s.products()::get).toList());
    }

    private String pseudonymOf(Actor a) {
        return new org.trustmall.privacy.pseudonym.Pseudonyms(org.trustmall.commerce.keys.SecretFiles.loadOrCreate(
                m.t.config().dataDir().resolve("keys"), "recsys-pseudonym"))
                .pseudonym(TrainingSnapshots.PURPOSE, "account:" + a.accountId());
    }
}
