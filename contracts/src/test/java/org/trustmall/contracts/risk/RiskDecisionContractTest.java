package org.trustmall.contracts.risk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.contracts.escrow.EscrowContract;
import org.trustmall.contracts.testing.PlatformLedger;
import org.trustmall.ledger.block.TxResult;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;

/**
 * The risk-decision contract on a real ledger (organisations {@code platform}, which records, and {@code courier},
 * its one validator), and how the escrow obeys a hold.
 */
class RiskDecisionContractTest {
    private static final String SHA = "ab".repeat(32);
    private static final byte[] COMMITMENT = filled(3);
    private static final byte[] REVIEWER = filled(9);
    private static final long TIMEOUT = Duration.ofDays(14).toMillis();

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

    private static byte[] filled(int b) {
        byte[] out = new byte[32];
        Arrays.fill(out, (byte) b);
        return out;
    }

    private TxResult call(SigningKey signer, String method, byte[] args) {
        return ledger.call(signer, RiskDecisionContract.ID, method, args);
    }

    private TxResult record(String order, long score, long threshold, String outcome) {
        return call(ledger.commerce, RiskDecisionContract.RECORD, RiskDecisionContract.recordArgs(
                new RiskDecisionContract.Decision(order, score, threshold, outcome, SHA, "risk-features-v1",
                        COMMITMENT, 2, 3)));
    }

    private CborMap get(String order) {
        return ledger.query(RiskDecisionContract.ID, RiskDecisionContract.GET, RiskDecisionContract.getArgs(order));
    }

    private static CborMap ok(TxResult r) {
        TxResult.Succeeded s = assertInstanceOf(TxResult.Succeeded.class, r, r::toString);
        return CborMap.parse(s.value());
    }

    private static void fails(TxResult r, String expected) {
        TxResult.Failed f = assertInstanceOf(TxResult.Failed.class, r, "expected the call to fail");
        assertTrue(f.reason().contains(expected), () -> "reason '" + f.reason() + "' does not mention " + expected);
    }

    private void lockAndDeliver(String order) {
        ok(ledger.call(ledger.commerce, EscrowContract.ID, EscrowContract.LOCK,
                EscrowContract.lockArgs(order, filled(7), "merchant-1", 5_000, "CNY", TIMEOUT)));
        ok(ledger.call(ledger.commerce, EscrowContract.ID, EscrowContract.MARK_DELIVERED,
                EscrowContract.markDeliveredArgs(order)));
    }

    @Test
    void aDecisionIsRecordedOnceWithItsScoreModelCommitmentAndValidators() {
        CborMap d = ok(record("order:1", 120_000, 800_000, RiskDecisionContract.PASS));
        assertEquals(120_000, d.integer("score_ppm"));
        assertEquals(SHA, d.text("model_sha256"));
        assertArrayEquals(COMMITMENT, d.bytes("commitment"));
        assertEquals(List.of("courier"), d.list("validators"), "every member but the recorder validates");
        assertEquals("pending", d.text("status"));
        assertFalse(d.bool("holds"));
        assertEquals(d, get("order:1"));
        fails(record("order:1", 120_000, 800_000, RiskDecisionContract.PASS), "never changes");
    }

    @Test
    void theOutcomeMustFollowFromTheScoreAndTheThreshold() {
        fails(record("order:2", 900_000, 800_000, RiskDecisionContract.PASS), "is hold, not pass");
        fails(record("order:2", 100_000, 800_000, RiskDecisionContract.HOLD), "is pass, not hold");
        ok(record("order:2", 800_000, 800_000, RiskDecisionContract.HOLD));
        fails(record("order:3", 1_000_001, 800_000, RiskDecisionContract.HOLD), "score_ppm");
    }

    @Test
    void aHeldOrdersEscrowReleasesNeitherByConfirmationNorByTimeoutUntilReviewed() {
        lockAndDeliver("order:4");
        ok(record("order:4", 950_000, 800_000, RiskDecisionContract.HOLD));
        fails(ledger.call(ledger.commerce, EscrowContract.ID, EscrowContract.RELEASE,
                EscrowContract.releaseArgs("order:4")), "held by its risk decision");
        ledger.advance(Duration.ofDays(15));
        fails(ledger.call(ledger.courier, EscrowContract.ID, EscrowContract.RELEASE_EXPIRED,
                EscrowContract.releaseExpiredArgs("order:4")), "held by its risk decision");

        ok(call(ledger.commerce, RiskDecisionContract.REVIEW,
                RiskDecisionContract.reviewArgs("order:4", RiskDecisionContract.RELEASED, REVIEWER)));
        CborMap released = ok(ledger.call(ledger.courier, EscrowContract.ID, EscrowContract.RELEASE_EXPIRED,
                EscrowContract.releaseExpiredArgs("order:4")));
        assertEquals("RELEASED", released.text("state"));
    }

    @Test
    void aCancellingReviewKeepsTheEscrowFromReleaseButLetsItBeRefunded() {
        lockAndDeliver("order:5");
        ok(record("order:5", 950_000, 800_000, RiskDecisionContract.HOLD));
        CborMap reviewed = ok(call(ledger.commerce, RiskDecisionContract.REVIEW,
                RiskDecisionContract.reviewArgs("order:5", RiskDecisionContract.CANCELLED, REVIEWER)));
        assertArrayEquals(REVIEWER, reviewed.map("review").bytes("reviewer"));
        fails(call(ledger.commerce, RiskDecisionContract.REVIEW,
                RiskDecisionContract.reviewArgs("order:5", RiskDecisionContract.RELEASED, REVIEWER)),
                "already reviewed");
        fails(ledger.call(ledger.commerce, EscrowContract.ID, EscrowContract.RELEASE,
                EscrowContract.releaseArgs("order:5")), "held by its risk decision");
        CborMap refunded = ok(ledger.call(ledger.commerce, EscrowContract.ID, EscrowContract.REFUND,
                EscrowContract.refundArgs("order:5")));
        assertEquals("REFUNDED", refunded.text("state"));
    }

    @Test
    void aPassedDecisionIsReviewedOnlyAfterTheBuyerAskedForIt() {
        ok(record("order:6", 10_000, 800_000, RiskDecisionContract.PASS));
        fails(call(ledger.commerce, RiskDecisionContract.REVIEW,
                RiskDecisionContract.reviewArgs("order:6", RiskDecisionContract.RELEASED, REVIEWER)),
                "nothing to review");
        CborMap requested = ok(call(ledger.commerce, RiskDecisionContract.REQUEST_REVIEW,
                RiskDecisionContract.requestReviewArgs("order:6")));
        assertEquals(ledger.now(), requested.integer("review_requested_at"));
        fails(call(ledger.commerce, RiskDecisionContract.REQUEST_REVIEW,
                RiskDecisionContract.requestReviewArgs("order:6")), "already requested");
        ok(call(ledger.commerce, RiskDecisionContract.REVIEW,
                RiskDecisionContract.reviewArgs("order:6", RiskDecisionContract.RELEASED, REVIEWER)));
    }

    @Test
    void onlyTheRecorderReviewsAndReportsChargebacks() {
        ok(record("order:7", 950_000, 800_000, RiskDecisionContract.HOLD));
        fails(call(ledger.courier, RiskDecisionContract.REVIEW,
                RiskDecisionContract.reviewArgs("order:7", RiskDecisionContract.RELEASED, REVIEWER)), "may not");
        fails(call(ledger.support, RiskDecisionContract.REPORT_CHARGEBACK,
                RiskDecisionContract.reportChargebackArgs("order:7")), "may not");
        CborMap charged = ok(call(ledger.platform, RiskDecisionContract.REPORT_CHARGEBACK,
                RiskDecisionContract.reportChargebackArgs("order:7")));
        assertEquals(ledger.now(), charged.integer("chargeback_at"));
    }

    @Test
    void aValidatorVotesOnceAndADisagreementFlagsTheDecisionAndHoldsItsEscrow() {
        lockAndDeliver("order:8");
        ok(record("order:8", 100_000, 800_000, RiskDecisionContract.PASS));
        fails(call(ledger.commerce, RiskDecisionContract.VOTE, RiskDecisionContract.voteArgs("order:8", true)),
                "may not vote");
        CborMap voted = ok(call(ledger.courier, RiskDecisionContract.VOTE,
                RiskDecisionContract.voteArgs("order:8", false)));
        assertEquals("flagged", voted.text("status"));
        assertTrue(voted.bool("holds"));
        fails(call(ledger.courier, RiskDecisionContract.VOTE, RiskDecisionContract.voteArgs("order:8", true)),
                "already voted");
        fails(ledger.call(ledger.commerce, EscrowContract.ID, EscrowContract.RELEASE,
                EscrowContract.releaseArgs("order:8")), "held by its risk decision");
    }

    @Test
    void anAgreeingValidatorConfirmsTheDecision() {
        ok(record("order:9", 100_000, 800_000, RiskDecisionContract.PASS));
        CborMap voted = ok(call(ledger.courier, RiskDecisionContract.VOTE,
                RiskDecisionContract.voteArgs("order:9", true)));
        assertEquals("confirmed", voted.text("status"));
        assertEquals(1, voted.integer("agree"));
    }

    @Test
    void agreementIsVotesForOverAllValidatorsAgainstTheThreshold() {
        // Three validators at 2/3: one agreeing vote is not yet enough; two are; two disagreeing make it impossible.
        assertEquals("pending", RiskDecisionContract.status(decision(true)));
        assertEquals("confirmed", RiskDecisionContract.status(decision(true, true)));
        assertEquals("pending", RiskDecisionContract.status(decision(true, false)));
        assertEquals("flagged", RiskDecisionContract.status(decision(false, false)));
        assertEquals("confirmed", RiskDecisionContract.status(decision(false, true, true)));
    }

    private static CborMap decision(boolean... votes) {
        List<Object> v = new ArrayList<>();
        String[] orgs = {"a", "b", "c"};
        for (int i = 0; i < votes.length; i++) {
            v.add(CborMap.builder().put("org", orgs[i]).put("agree", votes[i]).build());
        }
        return CborMap.builder().put("validators", List.of("a", "b", "c")).put("votes", v)
                .put("agreement_num", 2L).put("agreement_den", 3L).build();
    }

    @Test
    void theDecisionSurvivesAReplayOfTheChain() {
        ok(record("order:10", 950_000, 800_000, RiskDecisionContract.HOLD));
        CborMap before = get("order:10");
        ledger.reopen();
        assertEquals(before, get("order:10"));
    }
}
