package org.trustmall.commerce.risk;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.commerce.chain.LedgerNames;
import org.trustmall.commerce.chain.PersonCommitments;
import org.trustmall.contracts.dispute.DisputeContract;
import org.trustmall.contracts.escrow.EscrowContract;
import org.trustmall.contracts.risk.RiskDecisionContract;
import org.trustmall.ledger.encoding.CborMap;

/**
 * Credit scores from the ledger's history, by a transparent points table (not a model). The database only says which
 * orders are the account's; every fact scored is read from the ledger's contract state — the escrow (completed,
 * refunded), the latest dispute (who lost it) and the risk decision (chargebacks) — and an escrow counts for a buyer
 * only when its buyer commitment is the account's own, for a merchant only when it names the merchant.
 *
 * <p>Buyers (pay-later eligibility), starting from 500: +15 per completed order (at most 20 count), −80 per dispute
 * lost (the arbiters released the money to the merchant) in the last 180 days, −10 per refunded order (at most −100),
 * −250 per chargeback. Eligible for pay-later at 650 or more with no chargeback in the last 365 days.
 *
 * <p>Merchants (payout terms), starting from 500: +5 per completed order (at most 60 count), −60 per dispute lost (a
 * refund was awarded) in the last 180 days, −5 per refunded order (at most −100), −100 per chargeback on their orders.
 * Payouts the next day at 750 or more, weekly at 550 or more, else fortnightly with a 10 % reserve.
 *
 * <p>Scores are clamped to 0-1000. Thread-safe.
 */
final class CreditScores {
    static final Duration DISPUTE_WINDOW = Duration.ofDays(180);
    static final Duration CHARGEBACK_WINDOW = Duration.ofDays(365);

    private final Jdbi jdbi;
    private final LedgerGateway ledger;
    private final PersonCommitments commitments;
    private final InstantSource clock;

    CreditScores(Jdbi jdbi, LedgerGateway ledger, PersonCommitments commitments, InstantSource clock) {
        this.jdbi = jdbi;
        this.ledger = ledger;
        this.commitments = commitments;
        this.clock = clock;
    }

    /** What the ledger says of an account's orders. */
    record History(int completed, int refunded, int disputesLost, int recentDisputesLost, int chargebacks,
                   int recentChargebacks, int orders) {
    }

    RiskService.CreditScore score(long accountId, Role role) {
        Instant now = clock.instant();
        History h = history(accountId, role, now);
        return role == Role.BUYER ? buyer(accountId, h, now) : merchant(accountId, h, now);
    }

    static RiskService.CreditScore buyer(long accountId, History h, Instant now) {
        List<String> reasons = new ArrayList<>();
        int score = 500;
        reasons.add("500 to start");
        int counted = Math.min(h.completed(), 20);
        score += 15 * counted;
        reasons.add(plural(h.completed(), "completed order") + " (+" + 15 * counted + ")");
        score -= 80 * h.recentDisputesLost();
        if (h.recentDisputesLost() > 0) {
            reasons.add(plural(h.recentDisputesLost(), "dispute") + " lost in the last 180 days (-"
                    + 80 * h.recentDisputesLost() + ")");
        }
        int refunds = Math.min(10 * h.refunded(), 100);
        score -= refunds;
        if (h.refunded() > 0) {
            reasons.add(plural(h.refunded(), "refunded order") + " (-" + refunds + ")");
        }
        score -= 250 * h.chargebacks();
        if (h.chargebacks() > 0) {
            reasons.add(plural(h.chargebacks(), "chargeback") + " (-" + 250 * h.chargebacks() + ")");
        }
        score = clamp(score);
        boolean eligible = score >= 650 && h.recentChargebacks() == 0;
        reasons.add(eligible ? "eligible for pay-later (650 or more, no chargeback in the last 365 days)"
                : "not eligible for pay-later yet (needs 650 or more and no chargeback in the last 365 days)");
        return new RiskService.CreditScore(accountId, Role.BUYER.wire(), score,
                eligible ? "pay-later" : "pay-now", reasons, now, h.orders());
    }

    static RiskService.CreditScore merchant(long accountId, History h, Instant now) {
        List<String> reasons = new ArrayList<>();
        int score = 500;
        reasons.add("500 to start");
        int counted = Math.min(h.completed(), 60);
        score += 5 * counted;
        reasons.add(plural(h.completed(), "completed order") + " (+" + 5 * counted + ")");
        score -= 60 * h.recentDisputesLost();
        if (h.recentDisputesLost() > 0) {
            reasons.add(plural(h.recentDisputesLost(), "dispute") + " lost in the last 180 days (-"
                    + 60 * h.recentDisputesLost() + ")");
        }
        int refunds = Math.min(5 * h.refunded(), 100);
        score -= refunds;
        if (h.refunded() > 0) {
            reasons.add(plural(h.refunded(), "refunded order") + " (-" + refunds + ")");
        }
        score -= 100 * h.chargebacks();
        if (h.chargebacks() > 0) {
            reasons.add(plural(h.chargebacks(), "chargeback") + " on its orders (-" + 100 * h.chargebacks() + ")");
        }
        score = clamp(score);
        String band = score >= 750 ? "payout-next-day" : score >= 550 ? "payout-weekly" : "payout-fortnightly-reserve";
        reasons.add(switch (band) {
            case "payout-next-day" -> "payouts the next day (750 or more)";
            case "payout-weekly" -> "weekly payouts (550 or more)";
            default -> "fortnightly payouts with a 10% reserve (below 550)";
        });
        return new RiskService.CreditScore(accountId, Role.MERCHANT.wire(), score, band, reasons, now, h.orders());
    }

    private History history(long accountId, Role role, Instant now) {
        String column = role == Role.BUYER ? "buyer_id" : "merchant_id";
        List<Long> orders = jdbi.withHandle(h -> h.createQuery("SELECT id FROM orders WHERE " + column + " = :a "
                + "AND state NOT IN ('created', 'cancelled') ORDER BY id").bind("a", accountId).mapTo(Long.class)
                .list());
        byte[] me = role == Role.BUYER ? commitments.account(accountId) : null;
        long disputeSince = now.minus(DISPUTE_WINDOW).toEpochMilli();
        long chargebackSince = now.minus(CHARGEBACK_WINDOW).toEpochMilli();
        int completed = 0;
        int refunded = 0;
        int lost = 0;
        int recentLost = 0;
        int chargebacks = 0;
        int recentChargebacks = 0;
        int counted = 0;
        for (long id : orders) {
            String order = LedgerNames.order(id);
            Optional<CborMap> escrow = query(EscrowContract.ID, EscrowContract.GET, EscrowContract.getArgs(order));
            if (escrow.isEmpty()) {
                continue;
            }
            CborMap e = escrow.get();
            boolean ours = role == Role.BUYER ? Arrays.equals(me, e.bytes("buyer"))
                    : LedgerNames.merchant(accountId).equals(e.text("merchant"));
            if (!ours) {
                continue;
            }
            counted++;
            if ("RELEASED".equals(e.text("state")) && e.integer("refunded") == 0) {
                completed++;
            }
            if (e.integer("refunded") > 0) {
                refunded++;
            }
            Optional<CborMap> dispute = query(DisputeContract.ID, DisputeContract.FOR_ORDER,
                    DisputeContract.forOrderArgs(order));
            if (dispute.isPresent() && "RESOLVED".equals(dispute.get().text("state"))) {
                CborMap d = dispute.get();
                boolean refundAwarded = d.integer("refund") > 0;
                if (role == Role.BUYER ? !refundAwarded : refundAwarded) {
                    lost++;
                    if (d.optionalInteger("closed_at").orElse(Long.MAX_VALUE) >= disputeSince) {
                        recentLost++;
                    }
                }
            }
            Optional<CborMap> decision = query(RiskDecisionContract.ID, RiskDecisionContract.GET,
                    RiskDecisionContract.getArgs(order));
            if (decision.isPresent() && decision.get().has("chargeback_at")) {
                chargebacks++;
                if (decision.get().integer("chargeback_at") >= chargebackSince) {
                    recentChargebacks++;
                }
            }
        }
        return new History(completed, refunded, lost, recentLost, chargebacks, recentChargebacks, counted);
    }

    private Optional<CborMap> query(String contract, String method, CborMap args) {
        try {
            return Optional.of(ledger.query(contract, method, args));
        } catch (CommerceException none) {
            return Optional.empty();
        }
    }

    private static int clamp(int score) {
        return Math.max(0, Math.min(1000, score));
    }

    private static String plural(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
