package org.trustmall.contracts.escrow;

import java.util.OptionalLong;
import org.trustmall.ledger.contract.Caller;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.encoding.CborMap;

/**
 * One order's escrow: the model behind {@link EscrowContract}, pure and immutable. Each transition returns the next
 * escrow or throws {@link ContractFailure} naming the current state; none of them reads anything but its arguments.
 *
 * @param buyer          the buyer's keyed commitment (32 bytes), never the person
 * @param refunded       total refunded so far, before and after release; never more than {@code amount}
 * @param releaseAfter   block time from which {@code release-expired} may release: locked_at + timeout, and after
 *                       delivery delivered_at + timeout
 * @param releasedAmount what the release credited to the merchant's balance (what remained at release); 0 before
 * @param settledDispute the last dispute whose verdict this escrow carried out, or null
 */
record Escrow(String order, byte[] buyer, String merchant, long amount, String currency, long timeoutMs,
              String lockerOrganisation, String lockerRole, EscrowState state, long refunded, long lockedAt,
              OptionalLong deliveredAt, long releaseAfter, OptionalLong releasedAt, String releaseReason,
              OptionalLong refundedAt, long releasedAmount, String settledDispute) {
    static final String CONFIRMED = "confirmed";
    static final String TIMEOUT = "timeout";
    static final String DISPUTE = "dispute";

    static Escrow lock(String order, byte[] buyer, String merchant, long amount, String currency, long timeoutMs,
                       Caller locker, long now) {
        return new Escrow(order, buyer.clone(), merchant, amount, currency, timeoutMs, locker.organisation(),
                locker.role(), EscrowState.LOCKED, 0, now, OptionalLong.empty(), Math.addExact(now, timeoutMs),
                OptionalLong.empty(), null, OptionalLong.empty(), 0, null);
    }

    /** The locker's organisation and role, as {@code org/role}. */
    String lockedBy() {
        return lockerOrganisation + "/" + lockerRole;
    }

    long remaining() {
        return amount - refunded;
    }

    /**
     * Whether {@code caller} may act on this escrow: the very organisation and role that locked it, or that
     * organisation's own key (which can register and revoke the role anyway).
     */
    boolean controlledBy(Caller caller) {
        return caller.organisation().equals(lockerOrganisation)
                && (caller.role().equals(lockerRole) || caller.isOrganisation());
    }

    Escrow delivered(long now) {
        requireLocked("mark-delivered");
        if (deliveredAt.isPresent()) {
            throw new ContractFailure("escrow for order '" + order + "' was already marked delivered at "
                    + deliveredAt.getAsLong());
        }
        return new Escrow(order, buyer, merchant, amount, currency, timeoutMs, lockerOrganisation, lockerRole, state,
                refunded, lockedAt, OptionalLong.of(now), Math.addExact(now, timeoutMs), releasedAt, releaseReason,
                refundedAt, releasedAmount, settledDispute);
    }

    Escrow released(long now) {
        requireLocked("release");
        return release(now, CONFIRMED);
    }

    Escrow expired(long now) {
        requireLocked("release-expired");
        if (deliveredAt.isEmpty()) {
            throw new ContractFailure("escrow for order '" + order + "' has not been marked delivered; "
                    + "it cannot be released by timeout");
        }
        if (now < releaseAfter) {
            throw new ContractFailure("escrow for order '" + order + "' may be released by timeout from "
                    + releaseAfter + " (block time " + now + ")");
        }
        return release(now, TIMEOUT);
    }

    private Escrow release(long now, String reason) {
        return new Escrow(order, buyer, merchant, amount, currency, timeoutMs, lockerOrganisation, lockerRole,
                EscrowState.RELEASED, refunded, lockedAt, deliveredAt, releaseAfter, OptionalLong.of(now), reason,
                refundedAt, remaining(), settledDispute);
    }

    /**
     * Refunds {@code refund} (1..remaining). While LOCKED the money comes out of escrow, which becomes REFUNDED when
     * nothing remains. After release it comes out of the merchant's balance (the caller debits it): the escrow stays
     * RELEASED and only counts the refund, so the buyer never gets back more than was paid.
     */
    Escrow refunded(long refund, long now) {
        if (state == EscrowState.REFUNDED) {
            throw new ContractFailure("escrow for order '" + order + "' is REFUNDED; cannot refund");
        }
        if (refund < 1 || refund > remaining()) {
            throw new ContractFailure("field 'amount': a refund of " + refund + " exceeds the " + remaining()
                    + " not yet refunded for order '" + order + "'");
        }
        long total = refunded + refund;
        boolean full = state == EscrowState.LOCKED && total == amount;
        return new Escrow(order, buyer, merchant, amount, currency, timeoutMs, lockerOrganisation, lockerRole,
                full ? EscrowState.REFUNDED : state, total, lockedAt, deliveredAt, releaseAfter,
                releasedAt, releaseReason, full ? OptionalLong.of(now) : refundedAt, releasedAmount, settledDispute);
    }

    /**
     * Carries out dispute {@code dispute}'s verdict of refunding {@code refund} (0 for none). While LOCKED, the
     * refund leaves escrow and whatever remains is released to the merchant (reason "dispute"); after release, the
     * refund comes out of the merchant's balance.
     */
    Escrow settled(String dispute, long refund, long now) {
        if (state == EscrowState.REFUNDED) {
            throw new ContractFailure("escrow for order '" + order + "' is REFUNDED; nothing is left to settle");
        }
        if (refund < 0 || refund > remaining()) {
            throw new ContractFailure("dispute '" + dispute + "' awards " + refund + " but only " + remaining()
                    + " of order '" + order + "' is not yet refunded");
        }
        Escrow next = refund == 0 ? this : refunded(refund, now);
        if (next.state == EscrowState.LOCKED) {
            next = next.release(now, DISPUTE);
        }
        return new Escrow(order, buyer, merchant, amount, currency, timeoutMs, lockerOrganisation, lockerRole,
                next.state, next.refunded, lockedAt, deliveredAt, releaseAfter, next.releasedAt, next.releaseReason,
                next.refundedAt, next.releasedAmount, dispute);
    }

    private void requireLocked(String method) {
        if (state != EscrowState.LOCKED) {
            throw new ContractFailure("escrow for order '" + order + "' is " + state + "; cannot " + method);
        }
    }

    /** The stored form, and also what {@code get} returns: everything here is public on the ledger anyway. */
    CborMap toCbor() {
        CborMap.Builder b = CborMap.builder()
                .put("order", order)
                .put("buyer", buyer)
                .put("merchant", merchant)
                .put("amount", amount)
                .put("currency", currency)
                .put("refunded", refunded)
                .put("state", state.name())
                .put("locked_at", lockedAt)
                .put("release_after", releaseAfter)
                .put("timeout_ms", timeoutMs)
                .put("locked_by", lockedBy())
                .put("released_amount", releasedAmount);
        deliveredAt.ifPresent(t -> b.put("delivered_at", t));
        releasedAt.ifPresent(t -> b.put("released_at", t));
        if (releaseReason != null) {
            b.put("release_reason", releaseReason);
        }
        refundedAt.ifPresent(t -> b.put("refunded_at", t));
        if (settledDispute != null) {
            b.put("settled_dispute", settledDispute);
        }
        return b.build();
    }

    static Escrow fromCbor(CborMap m) {
        String lockedBy = m.text("locked_by");
        int slash = lockedBy.lastIndexOf('/');
        return new Escrow(m.text("order"), m.bytes("buyer"), m.text("merchant"), m.integer("amount"),
                m.text("currency"), m.integer("timeout_ms"), lockedBy.substring(0, slash),
                lockedBy.substring(slash + 1), EscrowState.valueOf(m.text("state")), m.integer("refunded"),
                m.integer("locked_at"), m.optionalInteger("delivered_at"), m.integer("release_after"),
                m.optionalInteger("released_at"), m.optionalText("release_reason").orElse(null),
                m.optionalInteger("refunded_at"), m.integer("released_amount"),
                m.optionalText("settled_dispute").orElse(null));
    }
}
