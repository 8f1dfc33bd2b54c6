package org.trustmall.contracts.dispute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.encoding.CborMap;

/** The decision rule C = V/N ≥ num/den, and the dispute model that applies it vote by vote. */
class PanelPropertiesTest {

    @Property
    void anOutcomeIsDecidedExactlyWhenItsShareOfTheArbitersReachesTheThreshold(
            @ForAll @IntRange(min = 1, max = 15) int n, @ForAll @IntRange(min = 1, max = 100) int den,
            @ForAll @IntRange(min = 1, max = 100) int numSeed, @ForAll @IntRange(min = 0, max = 15) int v) {
        int num = 1 + (numSeed - 1) % den;
        Panel panel = new Panel(n, num, den);
        int votes = Math.min(v, n);
        // Exact rational comparison: V/N ≥ num/den.
        boolean expected = new java.math.BigDecimal(votes).multiply(new java.math.BigDecimal(den))
                .compareTo(new java.math.BigDecimal(num).multiply(new java.math.BigDecimal(n))) >= 0;
        assertEquals(expected, panel.decides(votes));
        assertEquals(panel.decides(votes), votes >= panel.votesNeeded());
        assertTrue(panel.votesNeeded() >= 1 && panel.votesNeeded() <= n, "a threshold > 0 and ≤ 1 needs 1..N votes");
    }

    @Provide
    Arbitrary<List<Integer>> ballots() {
        // Each entry: an outcome 0 (release) or a refund of 1..3 units, one per arbiter in turn.
        return Arbitraries.integers().between(0, 3).list().ofMinSize(1).ofMaxSize(7);
    }

    @Property
    void aDisputeResolvesAtTheFirstDecidingVoteAndTakesNoneAfterItsEnd(@ForAll("ballots") List<Integer> ballots,
                                                                        @ForAll @IntRange(min = 1, max = 3) int num) {
        int n = ballots.size();
        List<byte[]> arbiters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            arbiters.add(new byte[] {(byte) i});
        }
        Panel panel = new Panel(n, Math.min(num, 3), 3);
        Dispute d = Dispute.open("d", "o", new byte[32], new byte[32], arbiters, panel, "platform/commerce", 0);
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            int b = ballots.get(i);
            Dispute.Vote vote = new Dispute.Vote(arbiters.get(i), b == 0 ? "release" : "refund", b, i, i);
            if (d.state() != DisputeState.OPEN) {
                Dispute ended = d;
                assertThrows(ContractFailure.class, () -> ended.vote(vote));
                continue;
            }
            int c = counts.merge(b, 1, Integer::sum);
            d = d.vote(vote);
            if (panel.decides(c)) {
                assertEquals(DisputeState.RESOLVED, d.state());
                assertEquals(b, d.refund());
                assertEquals(b == 0 ? "release" : "refund", d.outcome());
            } else {
                assertEquals(i == n - 1 ? DisputeState.UNRESOLVED : DisputeState.OPEN, d.state());
            }
        }
        assertTrue(d.state() != DisputeState.OPEN, "every arbiter voted, so the dispute has ended");
        byte[] stored = d.toCbor().encode();
        assertArrayEquals(stored, Dispute.fromCbor(CborMap.parse(stored)).toCbor().encode(),
                "the stored form reads back to the same dispute");
    }
}
