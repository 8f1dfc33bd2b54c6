package org.trustmall.commerce.disputes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Marketplace;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.disputes.DisputeService.Claim;
import org.trustmall.commerce.disputes.DisputeService.Dispute;
import org.trustmall.commerce.disputes.DisputeService.DisputeState;
import org.trustmall.commerce.disputes.DisputeService.VoteRequest;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.orders.OrderService.Order;
import org.trustmall.commerce.orders.OrderService;
import org.trustmall.commerce.orders.OrderState;
import org.trustmall.commerce.returns.ReturnService;
import org.trustmall.contracts.dispute.DisputeContract;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.encoding.CborMap;

/** Disputes on a real ledger and database: panels, votes signed by arbiters' own keys, verdicts carried out. */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class DisputeServiceTest {
    private static final Claim CLAIM = new Claim("The headphones arrived broken", List.of(
            "https://photos.example/broken-1.jpg", "The box was crushed on arrival"));

    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;
    private Marketplace m;
    private DisputeService disputes;

    @BeforeEach
    void open() {
        m = new Marketplace(kind, dir, c -> c);
        disputes = m.commerce().disputes();
    }

    @AfterEach
    void close() {
        if (m != null) {
            m.close();
        }
    }

    private static VoteRequest refund(long minor) {
        return new VoteRequest("refund", Money.of(minor, "CNY"));
    }

    private static final VoteRequest RELEASE = new VoteRequest("release", null);

    /** The arbiter accounts appointed to {@code d}. */
    private List<Actor> panel(Dispute d) {
        return m.arbiters(10).stream().filter(a -> d.arbiters().stream()
                .anyMatch(x -> x.accountId() == a.accountId())).toList();
    }

    @Test
    void twoOfThreeArbitersDecideARefundThatLeavesEscrowAndTheRestGoesToTheMerchant() {
        m.arbiters(3);
        Order o = m.delivered(m.ann, 1, 0);
        Dispute d = disputes.open(m.ann, o.id(), CLAIM);
        assertEquals(DisputeState.OPEN, d.state());
        assertEquals(3, d.arbiters().size());
        assertEquals(2, d.votesNeeded());
        assertEquals(OrderState.DISPUTED, m.reload(o).state());

        // While disputed, the order takes no other step: commerce refuses before the ledger would.
        assertThrows(CommerceException.Conflict.class, () -> m.orders().confirm(m.ann, o.id()));
        assertThrows(CommerceException.Conflict.class, () -> m.orders().cancel(m.ann, o.id(), null));
        assertThrows(CommerceException.Conflict.class, () -> disputes.open(m.ann, o.id(), CLAIM));

        List<Actor> panel = panel(d);
        Dispute one = disputes.vote(panel.get(0), d.id(), refund(10_000));
        assertEquals(DisputeState.OPEN, one.state());
        assertEquals(1, one.tally().size());
        assertEquals(1.0 / 3, one.tally().get(0).c(), 1e-9);
        Dispute decided = disputes.vote(panel.get(1), d.id(), refund(10_000));
        assertEquals(DisputeState.SETTLED, decided.state(), "the deciding vote carries out the verdict");
        assertEquals(new DisputeService.Verdict("refund", Money.of(10_000, "CNY")), decided.verdict());

        CborMap escrow = m.escrow(o.id());
        assertEquals("RELEASED", escrow.text("state"));
        assertEquals(10_000, escrow.integer("refunded"));
        assertEquals(o.total().minor() - 10_000, escrow.integer("released_amount"));
        assertEquals("dispute", escrow.text("release_reason"));
        Order after = m.reload(o);
        assertEquals(OrderState.COMPLETED, after.state());
        assertEquals(10_000, after.refunded().minor());
        assertEquals(List.of(Map.of("cause", "dispute", "source", "escrow", "amount_minor", 10_000L)),
                m.refunds(o.id()));
        assertEquals(o.total().minor() - 10_000, m.merchantBalance());
        assertEquals(m.merchantBalance(), m.statementBalance());
        assertTrue(after.ledger().stream().anyMatch(r -> r.kind().equals("escrow.settle")));

        CommerceException.Conflict late = assertThrows(CommerceException.Conflict.class,
                () -> disputes.vote(panel.get(2), d.id(), RELEASE));
        assertTrue(late.getMessage().contains("no longer taken"), late.getMessage());
        assertEquals(1, m.payments.refunds.get());
    }

    @Test
    void eachVoteIsSignedByTheArbitersOwnKeyAndTheClaimStaysOffTheLedger() {
        m.arbiters(3);
        Order o = m.delivered(m.ann, 1, 0);
        Dispute d = disputes.open(m.ann, o.id(), CLAIM);
        Actor first = panel(d).get(0);
        Dispute voted = disputes.vote(first, d.id(), RELEASE);
        var tx = m.chain.ledger().transaction(Hash.fromHex(voted.votes().get(0).transactionId())).orElseThrow();
        assertArrayEquals(m.ledger.roleKey(SqlDisputeService.arbiterRole(first.accountId())),
                tx.transaction().sender().bytes());
        var open = m.chain.ledger().transaction(Hash.fromHex(d.ledger().get(0).transactionId())).orElseThrow();
        String args = new String(open.transaction().args(), StandardCharsets.ISO_8859_1);
        assertFalse(args.contains("broken") || args.contains("photos.example"), args);
        String[] stored = m.t.jdbi().withHandle(h -> h.createQuery("SELECT grounds, grounds_salt FROM disputes "
                + "WHERE id = :id").bind("id", d.id()).map((rs, ctx) -> new String[] {rs.getString(1),
                rs.getString(2)}).one());
        byte[] grounds = Grounds.of(HexFormat.of().parseHex(stored[1]), CLAIM.reason(), CLAIM.evidence());
        assertEquals(stored[0], HexFormat.of().formatHex(grounds));
        CborMap onLedger = m.chain.ledger().query(DisputeContract.ID, DisputeContract.GET,
                DisputeContract.getArgs(d.ledgerId()));
        assertArrayEquals(grounds, onLedger.bytes("grounds"), "the ledger holds the claim's salted hash");
    }

    @Test
    void aReleaseVerdictPaysTheMerchantAndCompletesAnOrderThatWasNotYetShipped() {
        m.arbiters(3);
        Order o = m.paid(m.ann, 1, 1);
        Dispute d = disputes.open(m.ann, o.id(), new Claim("The merchant does not ship", List.of()));
        assertThrows(CommerceException.Conflict.class, () -> m.orders().ship(m.shop, o.id(),
                new OrderService.ShipRequest("SF", "1")));
        List<Actor> panel = panel(d);
        disputes.vote(panel.get(2), d.id(), RELEASE);
        Dispute settled = disputes.vote(panel.get(0), d.id(), RELEASE);
        assertEquals(DisputeState.SETTLED, settled.state());
        assertEquals(Money.of(0, "CNY"), settled.verdict().refund());
        assertEquals(OrderState.COMPLETED, m.reload(o).state());
        assertEquals(o.total().minor(), m.merchantBalance());
        assertEquals(o.total().minor(), m.statementBalance());
        assertEquals(List.of(), m.refunds(o.id()));
        assertEquals(0, m.payments.refunds.get());
    }

    @Test
    void aFullRefundVerdictRefundsTheOrderAndLeavesTheMerchantNothing() {
        m.arbiters(3);
        Order o = m.shipped(m.ann, 1, 0);
        Dispute d = disputes.open(m.ann, o.id(), CLAIM);
        List<Actor> panel = panel(d);
        disputes.vote(panel.get(0), d.id(), refund(o.total().minor()));
        disputes.vote(panel.get(1), d.id(), refund(o.total().minor()));
        assertEquals(OrderState.REFUNDED, m.reload(o).state());
        assertEquals("REFUNDED", m.escrow(o.id()).text("state"));
        assertEquals(0, m.merchantBalance());
        assertEquals(o.total(), m.reload(o).refunded());
    }

    @Test
    void onlyAppointedArbitersVoteOnceAndOnlyThePartiesSeeTheDispute() {
        List<Actor> arbiters = m.arbiters(4);
        Order o = m.delivered(m.ann, 1, 0);
        Dispute d = disputes.open(m.ann, o.id(), CLAIM);
        assertEquals(List.of(arbiters.get(0).accountId(), arbiters.get(1).accountId(), arbiters.get(2).accountId()),
                d.arbiters().stream().map(DisputeService.Arbiter::accountId).toList(),
                "ties in workload go to the lowest account ids");
        Actor outsider = arbiters.get(3);
        assertThrows(CommerceException.Forbidden.class, () -> disputes.vote(outsider, d.id(), RELEASE));
        assertThrows(CommerceException.Forbidden.class, () -> disputes.vote(m.ann, d.id(), RELEASE));
        assertThrows(CommerceException.NotFound.class, () -> disputes.get(outsider, d.id()));
        assertThrows(CommerceException.NotFound.class, () -> disputes.get(m.bob, d.id()));
        assertEquals(CLAIM.reason(), disputes.get(m.shop, d.id()).reason());
        assertEquals(CLAIM.evidence(), disputes.get(arbiters.get(0), d.id()).evidence());
        assertEquals(1, disputes.list(arbiters.get(0), 0, 10).total());
        assertEquals(0, disputes.list(outsider, 0, 10).total());
        assertEquals(1, disputes.list(m.admin, 0, 10).total());

        disputes.vote(arbiters.get(0), d.id(), refund(500));
        assertThrows(CommerceException.Conflict.class, () -> disputes.vote(arbiters.get(0), d.id(), refund(500)));
        assertEquals("amount.amount", assertThrows(CommerceException.InvalidInput.class,
                () -> disputes.vote(arbiters.get(1), d.id(), refund(o.total().minor() + 1))).field());
        assertEquals("amount", assertThrows(CommerceException.InvalidInput.class,
                () -> disputes.vote(arbiters.get(1), d.id(), new VoteRequest("release", Money.of(1, "CNY"))))
                .field());
        assertEquals("outcome", assertThrows(CommerceException.InvalidInput.class,
                () -> disputes.vote(arbiters.get(1), d.id(), new VoteRequest("split", null))).field());
        assertEquals(1, disputes.get(m.admin, d.id()).votes().size(), "refused votes left nothing behind");
    }

    @Test
    void panelsGoToTheLeastBusyArbitersAndTooFewArbitersIsAConflict() {
        Order o = m.delivered(m.ann, 1, 0);
        m.arbiters(2);
        assertEquals("arbiters", assertThrows(CommerceException.Conflict.class,
                () -> disputes.open(m.ann, o.id(), CLAIM)).field());
        assertEquals(OrderState.DELIVERED, m.reload(o).state(), "a refused dispute changes nothing");
        List<Actor> arbiters = m.arbiters(4);
        disputes.open(m.ann, o.id(), CLAIM);
        Dispute second = disputes.open(m.bob, m.delivered(m.bob, 1, 0).id(), CLAIM);
        assertEquals(List.of(arbiters.get(3).accountId(), arbiters.get(0).accountId(), arbiters.get(1).accountId()),
                second.arbiters().stream().map(DisputeService.Arbiter::accountId).toList());
    }

    @Test
    void aWithdrawnOrUndecidedDisputeGivesTheOrderBackAndANewOneMayFollow() {
        m.arbiters(3);
        Order o = m.delivered(m.ann, 1, 0);
        Dispute d = disputes.open(m.ann, o.id(), CLAIM);
        assertThrows(CommerceException.NotFound.class, () -> disputes.withdraw(m.bob, d.id()));
        Dispute withdrawn = disputes.withdraw(m.ann, d.id());
        assertEquals(DisputeState.WITHDRAWN, withdrawn.state());
        assertEquals(OrderState.DELIVERED, m.reload(o).state());
        assertThrows(CommerceException.Conflict.class, () -> disputes.withdraw(m.ann, d.id()));

        Dispute again = disputes.open(m.ann, o.id(), CLAIM);
        List<Actor> panel = panel(again);
        disputes.vote(panel.get(0), again.id(), refund(1_000));
        disputes.vote(panel.get(1), again.id(), refund(2_000));
        Dispute split = disputes.vote(panel.get(2), again.id(), RELEASE);
        assertEquals(DisputeState.UNRESOLVED, split.state());
        assertEquals(3, split.tally().size());
        assertNull(split.verdict());
        assertEquals(OrderState.DELIVERED, m.reload(o).state());
        assertEquals(OrderState.COMPLETED, m.orders().confirm(m.ann, o.id()).state(), "the escrow is free again");
    }

    @Test
    void aCompletedOrderIsDisputedOnlyOverARefusedReturnAndTheRefundComesFromTheMerchantsBalance() {
        m.arbiters(3);
        Order o = m.completed(m.ann, 1, 0);
        assertEquals("state", assertThrows(CommerceException.Conflict.class,
                () -> disputes.open(m.ann, o.id(), CLAIM)).field());
        // Days later (in ledger time too): the arbiters' keys, registered on first appointment, carry that time.
        m.clock.advance(Duration.ofDays(2));
        ReturnService returns = m.commerce().returns();
        ReturnService.Return r = returns.request(m.ann, o.id(), new ReturnService.ReturnRequest(
                List.of(new ReturnService.LineRequest(0, 1)), "it is broken"));
        returns.decide(m.shop, r.id(), new ReturnService.Decision(false, "it was fine when it left"));
        Dispute d = disputes.open(m.ann, o.id(), CLAIM);
        assertEquals(r.id(), d.returnId());
        List<Actor> panel = panel(d);
        disputes.vote(panel.get(0), d.id(), refund(o.total().minor()));
        disputes.vote(panel.get(1), d.id(), refund(o.total().minor()));
        assertEquals(OrderState.REFUNDED, m.reload(o).state());
        assertEquals("RELEASED", m.escrow(o.id()).text("state"));
        assertEquals(0, m.merchantBalance());
        assertEquals(0, m.statementBalance());
        assertEquals("merchant_balance", m.refunds(o.id()).get(0).get("source"));
    }

    @Test
    void aVerdictThatCouldNotBeCarriedOutIsSettledByTheSweepAndPaysOnce() {
        m.arbiters(3);
        Order o = m.delivered(m.ann, 1, 0);
        Dispute d = disputes.open(m.ann, o.id(), CLAIM);
        List<Actor> panel = panel(d);
        m.ledger.fail("escrow.settle");
        disputes.vote(panel.get(0), d.id(), refund(3_000));
        Dispute resolved = disputes.vote(panel.get(1), d.id(), refund(3_000));
        assertEquals(DisputeState.RESOLVED, resolved.state(), "the vote stands though the settlement failed");
        assertEquals(OrderState.DISPUTED, m.reload(o).state());
        assertEquals(0, disputes.settleResolvedDisputes());
        m.ledger.fail(null);
        assertEquals(1, disputes.settleResolvedDisputes());
        assertEquals(0, disputes.settleResolvedDisputes());
        assertEquals(DisputeState.SETTLED, disputes.get(m.ann, d.id()).state());
        assertEquals(3_000, m.reload(o).refunded().minor());
        assertEquals(1, m.refunds(o.id()).size());
        assertTrue(m.payments.refunds.get() >= 2, "the provider was asked again, with the same key");
    }

    @Test
    void aClaimIsCheckedBeforeAnythingHappens() {
        m.arbiters(3);
        Order o = m.delivered(m.ann, 1, 0);
        assertEquals("reason", assertThrows(CommerceException.InvalidInput.class,
                () -> disputes.open(m.ann, o.id(), new Claim(" ", List.of()))).field());
        assertEquals("reason", assertThrows(CommerceException.InvalidInput.class,
                () -> disputes.open(m.ann, o.id(), new Claim("x".repeat(2001), List.of()))).field());
        assertEquals("evidence", assertThrows(CommerceException.InvalidInput.class,
                () -> disputes.open(m.ann, o.id(), new Claim("bad", java.util.Collections.nCopies(11, "e"))))
                .field());
        assertEquals("evidence[1]", assertThrows(CommerceException.InvalidInput.class,
                () -> disputes.open(m.ann, o.id(), new Claim("bad", List.of("ok", "y".repeat(501))))).field());
        assertThrows(CommerceException.NotFound.class, () -> disputes.open(m.bob, o.id(), CLAIM));
        assertThrows(CommerceException.Forbidden.class, () -> disputes.open(m.shop, o.id(), CLAIM));
        assertEquals("state", assertThrows(CommerceException.Conflict.class,
                () -> disputes.open(m.ann, m.order(m.ann, 1, 0).id(), CLAIM)).field());
        assertEquals(0, disputes.list(m.admin, 0, 10).total());
        assertEquals(OrderState.DELIVERED, m.reload(o).state());
    }
}
