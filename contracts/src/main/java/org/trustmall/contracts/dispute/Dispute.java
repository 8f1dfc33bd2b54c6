package org.trustmall.contracts.dispute;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.encoding.CborMap;

/**
 * One dispute over an order's escrow: the model behind {@link DisputeContract}, pure and immutable.
 *
 * @param claimant the buyer's keyed commitment (32 bytes), never the person
 * @param grounds  SHA-256 of the claim (reason and evidence), which stays off the ledger
 * @param arbiters the appointed arbiters' Ed25519 public keys, in appointment order
 * @param refund   the verdict's refund in minor units (0 for release); meaningful when RESOLVED
 */
record Dispute(String id, String order, byte[] claimant, byte[] grounds, List<byte[]> arbiters, Panel panel,
               DisputeState state, String openedBy, long openedAt, List<Vote> votes, String outcome, long refund,
               OptionalLong closedAt) {
    static final String REFUND = "refund";
    static final String RELEASE = "release";

    /** One arbiter's signed vote: {@code amount} is the refund for outcome {@code refund}, 0 for release. */
    record Vote(byte[] arbiter, String outcome, long amount, long height, long timestamp) {
        String key() {
            return outcome + ":" + amount;
        }

        CborMap toCbor() {
            return CborMap.builder().put("arbiter", arbiter).put("outcome", outcome).put("amount", amount)
                    .put("height", height).put("timestamp", timestamp).build();
        }

        static Vote fromCbor(CborMap m) {
            return new Vote(m.bytes("arbiter"), m.text("outcome"), m.integer("amount"), m.integer("height"),
                    m.integer("timestamp"));
        }
    }

    static Dispute open(String id, String order, byte[] claimant, byte[] grounds, List<byte[]> arbiters, Panel panel,
                        String openedBy, long now) {
        return new Dispute(id, order, claimant.clone(), grounds.clone(), List.copyOf(arbiters), panel,
                DisputeState.OPEN, openedBy, now, List.of(), null, 0, OptionalLong.empty());
    }

    boolean isArbiter(byte[] key) {
        return arbiters.stream().anyMatch(a -> Arrays.equals(a, key));
    }

    /**
     * Records {@code vote}; the dispute resolves as soon as one outcome's votes decide it (C = V/N reaches the
     * threshold), and ends UNRESOLVED when every arbiter has voted without that happening.
     */
    Dispute vote(Vote vote) {
        if (state != DisputeState.OPEN) {
            throw new ContractFailure("dispute '" + id + "' is " + state + "; votes are no longer taken");
        }
        if (!isArbiter(vote.arbiter())) {
            throw new ContractFailure("the signer is not an appointed arbiter of dispute '" + id + "'");
        }
        if (votes.stream().anyMatch(v -> Arrays.equals(v.arbiter(), vote.arbiter()))) {
            throw new ContractFailure("this arbiter has already voted on dispute '" + id + "'");
        }
        List<Vote> all = new ArrayList<>(votes);
        all.add(vote);
        int forThis = (int) all.stream().filter(v -> v.key().equals(vote.key())).count();
        if (panel.decides(forThis)) {
            return new Dispute(id, order, claimant, grounds, arbiters, panel, DisputeState.RESOLVED, openedBy,
                    openedAt, List.copyOf(all), vote.outcome(), vote.amount(), OptionalLong.of(vote.timestamp()));
        }
        DisputeState next = all.size() == arbiters.size() ? DisputeState.UNRESOLVED : DisputeState.OPEN;
        return new Dispute(id, order, claimant, grounds, arbiters, panel, next, openedBy, openedAt, List.copyOf(all),
                null, 0, next == DisputeState.OPEN ? OptionalLong.empty() : OptionalLong.of(vote.timestamp()));
    }

    Dispute withdrawn(long now) {
        if (state != DisputeState.OPEN) {
            throw new ContractFailure("dispute '" + id + "' is " + state + "; only an open dispute is withdrawn");
        }
        return new Dispute(id, order, claimant, grounds, arbiters, panel, DisputeState.WITHDRAWN, openedBy, openedAt,
                votes, null, 0, OptionalLong.of(now));
    }

    /** Votes per outcome ({@code outcome:amount} → count), in the order outcomes were first voted. */
    Map<String, Integer> tally() {
        Map<String, Integer> t = new LinkedHashMap<>();
        votes.forEach(v -> t.merge(v.key(), 1, Integer::sum));
        return t;
    }

    /** The stored form; {@code get} adds the tally. Everything here is public on the ledger. */
    CborMap toCbor() {
        CborMap.Builder b = CborMap.builder()
                .put("id", id)
                .put("order", order)
                .put("claimant", claimant)
                .put("grounds", grounds)
                .put("arbiters", List.copyOf(arbiters))
                .put("threshold_num", (long) panel.numerator())
                .put("threshold_den", (long) panel.denominator())
                .put("state", state.name())
                .put("opened_by", openedBy)
                .put("opened_at", openedAt)
                .put("votes", votes.stream().map(v -> (Object) v.toCbor()).toList())
                .put("refund", refund);
        if (outcome != null) {
            b.put("outcome", outcome);
        }
        closedAt.ifPresent(t -> b.put("closed_at", t));
        return b.build();
    }

    static Dispute fromCbor(CborMap m) {
        List<byte[]> arbiters = m.list("arbiters").stream().map(a -> (byte[]) a).toList();
        List<Vote> votes = m.maps("votes").stream().map(Vote::fromCbor).toList();
        Panel panel = new Panel(arbiters.size(), (int) m.integer("threshold_num"), (int) m.integer("threshold_den"));
        return new Dispute(m.text("id"), m.text("order"), m.bytes("claimant"), m.bytes("grounds"), arbiters, panel,
                DisputeState.valueOf(m.text("state")), m.text("opened_by"), m.integer("opened_at"), votes,
                m.optionalText("outcome").orElse(null), m.integer("refund"), m.optionalInteger("closed_at"));
    }
}
