package org.trustmall.commerce.risk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ai.risk.RiskFeatures;
import org.trustmall.ai.risk.RiskModel;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Marketplace;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.orders.OrderService.Order;
import org.trustmall.commerce.orders.OrderState;
import org.trustmall.commerce.recommend.ModelRegistry;
import org.trustmall.contracts.risk.RiskDecisionContract;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.identity.TrustedKeys;
import org.trustmall.ledger.proof.ProofBundle;

/**
 * Screening at payment on a real ledger and database. The model is trained on a small generated scenario (once per
 * test process: training is deterministic, so {@link RiskModels} reuses the artifact). Holds are made certain by the
 * threshold rather than by the model: a threshold of one part per million holds every order, 1.0 none.
 */
class RiskScreeningTest {
    static final RiskPolicy SMALL = RiskPolicy.defaults().withTraining(7, 3_000);
    static final double HOLD_ALL = 1e-6;
    static final double HOLD_NONE = 1.0;

    @TempDir
    Path dir;
    private Marketplace m;

    private Marketplace market(double threshold) {
        m = new Marketplace(TestDatabases.Kind.H2, dir, c -> c.withRisk(SMALL.withHoldThreshold(threshold)));
        return m;
    }

    @AfterEach
    void close() {
        if (m != null) {
            m.close();
        }
    }

    private RiskService risk() {
        return m.commerce().risk();
    }

    private CborMap onChain(long orderId) {
        return m.chain.ledger().query(RiskDecisionContract.ID, RiskDecisionContract.GET,
                RiskDecisionContract.getArgs("order:" + orderId));
    }

    @Test
    void aHeldOrdersEscrowIsReleasedNeitherByConfirmationNorByTheTimeoutSweepUntilAnAdminReleasesIt() {
        market(HOLD_ALL);
        Order o = m.delivered(m.ann, 1, 0);
        RiskService.Decision d = risk().decision(m.ann, o.id());
        assertEquals("hold", d.outcome());
        assertTrue(d.holds());

        CommerceException.Conflict c = assertThrows(CommerceException.Conflict.class,
                () -> m.orders().confirm(m.ann, o.id()));
        assertTrue(c.getMessage().contains("held for a risk review"), c::getMessage);
        m.clock.advance(Duration.ofDays(4)); // past the 3-day escrow timeout
        assertEquals(0, m.orders().releaseExpiredEscrows());
        assertEquals(OrderState.DELIVERED, m.reload(o).state());
        assertEquals("LOCKED", m.escrow(o.id()).text("state"));

        assertEquals(List.of(o.id()), risk().reviews(m.admin).stream().map(RiskService.QueueEntry::orderId).toList());
        RiskService.Decision reviewed = risk().review(m.admin, o.id(), "release", "customer called, all fine");
        assertFalse(reviewed.holds());
        assertEquals("released", reviewed.review().outcome());
        assertTrue(risk().reviews(m.admin).isEmpty());
        assertEquals(1, m.orders().releaseExpiredEscrows());
        assertEquals(OrderState.COMPLETED, m.reload(o).state());
        assertEquals("RELEASED", m.escrow(o.id()).text("state"));
    }

    @Test
    void aPassedDecisionTheValidatorsFlagIsHeldForTheBuyerQueuedForAdminsAndReleasedOnlyByTheirReview() {
        m = new Marketplace(TestDatabases.Kind.H2, dir, c -> c.withRisk(SMALL.withHoldThreshold(HOLD_NONE)),
                List.of("merchants", "logistics"));
        Order o = m.delivered(m.ann, 1, 0);
        RiskService.Decision passed = risk().decision(m.ann, o.id());
        assertEquals("pass", passed.outcome());
        assertFalse(passed.holds());
        assertEquals("pending", passed.validation().status());
        assertEquals(2, passed.validation().validators());
        assertTrue(risk().reviews(m.admin).isEmpty());

        // Both validators find the platform's stored vector does not match its commitment (the tampered-vector case).
        m.chain.vote("merchants", "order:" + o.id(), false);
        m.chain.vote("logistics", "order:" + o.id(), false);
        CborMap chain = onChain(o.id());
        assertEquals("flagged", chain.text("status"));
        assertTrue(chain.bool("holds"), "the chain holds the escrow of a flagged decision");

        m.clock.advance(Duration.ofDays(4)); // past the 3-day escrow timeout: the sweep sees the flag first
        assertEquals(0, m.orders().releaseExpiredEscrows());
        assertEquals("LOCKED", m.escrow(o.id()).text("state"));

        RiskService.Decision held = risk().decision(m.ann, o.id());
        assertTrue(held.holds());
        assertEquals(new RiskService.Validation("flagged", 0, 2, 2, (int) chain.integer("agreement_num"),
                (int) chain.integer("agreement_den")), held.validation());
        assertTrue(held.summary().contains("0 of them agreed") && held.summary().contains("held"), held::summary);
        CommerceException.Conflict c = assertThrows(CommerceException.Conflict.class,
                () -> m.orders().confirm(m.ann, o.id()));
        assertTrue(c.getMessage().contains("held for a risk review"), c::getMessage);

        List<RiskService.QueueEntry> queue = risk().reviews(m.admin);
        assertEquals(List.of(o.id()), queue.stream().map(RiskService.QueueEntry::orderId).toList());
        assertEquals("flagged by validators (C = 0/2 below threshold " + chain.integer("agreement_num") + "/"
                + chain.integer("agreement_den") + ")", queue.get(0).reason());
        assertTrue(queue.get(0).decision().validation().flagged());

        RiskService.Decision reviewed = risk().review(m.admin, o.id(), "release", "checked with the buyer");
        assertFalse(reviewed.holds());
        assertEquals(RiskDecisionContract.RELEASED, onChain(o.id()).map("review").text("outcome"));
        assertFalse(onChain(o.id()).bool("holds"));
        assertTrue(risk().reviews(m.admin).isEmpty());
        assertEquals(OrderState.COMPLETED, m.orders().confirm(m.ann, o.id()).state());
        assertEquals("RELEASED", m.escrow(o.id()).text("state"));
    }

    @Test
    void anAdminCancellingAHeldOrderRefundsTheBuyerFromEscrow() {
        market(HOLD_ALL);
        Order o = m.paid(m.ann, 1, 0);
        int refundsBefore = m.payments.refunds.get();
        risk().review(m.admin, o.id(), "cancel", "card reported stolen");
        Order after = m.reload(o);
        assertEquals(OrderState.REFUNDED, after.state());
        assertEquals(after.total(), after.refunded());
        assertEquals("REFUNDED", m.escrow(o.id()).text("state"));
        assertEquals(refundsBefore + 1, m.payments.refunds.get());
        assertEquals(RiskDecisionContract.CANCELLED, onChain(o.id()).map("review").text("outcome"));
    }

    @Test
    void theDecisionsProofVerifiesAndItsCommitmentCatchesAnAlteredVector() {
        market(HOLD_ALL);
        Order o = m.paid(m.ann, 1, 1);
        RiskService.Decision d = risk().decision(m.ann, o.id());
        assertTrue(m.reload(o).ledger().stream().anyMatch(r -> r.kind().equals(RiskScreening.LEDGER_KIND)
                && r.transactionId().equals(d.transactionId())), "the order lists the decision's transaction");

        ProofBundle proof = m.chain.ledger().proof(Hash.fromHex(d.transactionId())).orElseThrow();
        assertTrue(proof.verify(TrustedKeys.all(m.chain.ledger().chainId(), m.chain.ledger().organisations()),
                Signatures.fastest()).ok(), "the decision's transaction is in the signed log");

        CborMap chain = onChain(o.id());
        assertEquals(d.modelSha256(), chain.text("model_sha256"));
        RiskService.Disclosure x = risk().disclose(m.admin, o.id());
        byte[] salt = HexFormat.of().parseHex(x.salt());
        assertArrayEquals(chain.bytes("commitment"), RiskScreening.commitment(salt, x.features()),
                "the stored vector and salt give the committed hash");
        double[] tampered = x.features().clone();
        tampered[RiskFeatures.index("account_age_days")] += 365;
        assertFalse(java.util.Arrays.equals(chain.bytes("commitment"), RiskScreening.commitment(salt, tampered)),
                "an altered vector does not");

        // What a validator does with it: the model from its registered hash gives the recorded score.
        ModelRegistry.Artifact a = m.commerce().riskModels().registry().load(d.modelId());
        RiskModel model = RiskModel.read(a.bytes(), chain.text("model_sha256"));
        assertEquals(chain.integer("score_ppm"), Math.round(model.score(x.features()) * RiskDecisionContract.PPM));
    }

    @Test
    void noPersonalDataReachesTheDecisionOnChain() {
        market(HOLD_NONE);
        Order o = m.paid(m.ann, 1, 0);
        CborMap chain = onChain(o.id());
        String text = chain.toString();
        for (String personal : List.of("Li Lei", "Chang'an", "4242", "ann")) {
            assertFalse(text.contains(personal), () -> personal + " appears in " + text);
        }
        assertEquals("pass", chain.text("outcome"));
    }

    @Test
    void theBuyerSeesTheExplanationAndMayAskForReviewButNobodyElseSeesTheDecision() {
        market(HOLD_NONE);
        Order o = m.paid(m.ann, 1, 0);
        RiskService.Decision d = risk().decision(m.ann, o.id());
        assertEquals("pass", d.outcome());
        assertFalse(d.top().isEmpty());
        assertTrue(d.top().size() <= Explanations.TOP);
        RiskService.Contribution first = d.top().get(0);
        assertTrue(RiskFeatures.NAMES.contains(first.feature()));
        assertTrue(first.explanation().endsWith("the risk score."), first.explanation());
        assertTrue(d.summary().contains("passed"), d.summary());

        assertThrows(CommerceException.NotFound.class, () -> risk().decision(m.bob, o.id()));
        assertThrows(CommerceException.NotFound.class, () -> risk().decision(m.shop, o.id()));
        assertThrows(CommerceException.NotFound.class, () -> risk().requestReview(m.bob, o.id(), "mine?"));
        assertThrows(CommerceException.NotFound.class, () -> risk().decision(m.ann, o.id() + 1000));

        RiskService.Decision asked = risk().requestReview(m.ann, o.id(), "I was not told why");
        assertNotNull(asked.review().requestedAt());
        assertEquals("I was not told why", asked.review().requestNote());
        assertNotNull(onChain(o.id()).integer("review_requested_at"));
        assertThrows(CommerceException.Conflict.class, () -> risk().requestReview(m.ann, o.id(), null));
        List<RiskService.QueueEntry> queue = risk().reviews(m.admin);
        assertEquals(1, queue.size());
        assertEquals("I was not told why", queue.get(0).decision().review().requestNote());

        risk().review(m.admin, o.id(), "release", "the decision stands");
        assertEquals("released", risk().decision(m.ann, o.id()).review().outcome());
        assertThrows(CommerceException.Forbidden.class, () -> risk().reviews(m.ann));
    }

    @Test
    void creditScoresGiveTheirReasonsFromTheLedger() {
        market(HOLD_NONE);
        Order done = m.completed(m.ann, 1, 0);
        Order charged = m.completed(m.ann, 0, 1);
        RiskService.CreditScore before = risk().credit(m.ann);
        assertEquals(500 + 30, before.score());
        assertTrue(before.reasons().contains("2 completed orders (+30)"), before.reasons()::toString);

        risk().reportChargeback(m.admin, charged.id());
        RiskService.CreditScore buyer = risk().credit(m.ann);
        assertEquals(Math.max(0, 500 + 30 - 250), buyer.score());
        assertTrue(buyer.reasons().contains("1 chargeback (-250)"), buyer.reasons()::toString);
        assertEquals("pay-now", buyer.band());
        assertEquals(buyer, risk().credit(m.admin, m.ann.accountId()));

        RiskService.CreditScore shop = risk().credit(m.shop);
        assertTrue(shop.reasons().contains("2 completed orders (+10)"), shop.reasons()::toString);
        assertTrue(shop.reasons().contains("1 chargeback on its orders (-100)"), shop.reasons()::toString);
        assertEquals(500 + 10 - 100, shop.score());

        RiskService.CreditScore bob = risk().credit(m.bob);
        assertEquals(0, bob.ordersOnLedger());
        assertTrue(bob.reasons().contains("0 completed orders (+0)"), bob.reasons()::toString);
        assertThrows(CommerceException.Forbidden.class, () -> risk().credit(m.ann, m.bob.accountId()));
        assertEquals(done.buyerId(), m.ann.accountId());
    }
}
