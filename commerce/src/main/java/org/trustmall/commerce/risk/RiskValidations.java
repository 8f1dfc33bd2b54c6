package org.trustmall.commerce.risk;

import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.commerce.chain.LedgerNames;
import org.trustmall.contracts.risk.RiskDecisionContract;
import org.trustmall.ledger.encoding.CborMap;

/**
 * Mirrors the validators' verdict (issue 9, item 6) from the {@code risk-decision} contract into
 * {@code risk_decisions.validation}. The chain holds a flagged decision's escrow until a person reviews it; here such
 * a decision becomes held and queued, so the buyer sees it held and the admins can review it. Only decisions whose
 * verdict is still open are read (confirmed, flagged and unvalidated never change), and only unreviewed ones matter:
 * a review ends the hold on chain. Callers hold the order's lock or accept a concurrent review winning (the update
 * is conditional on no review). Stateless.
 */
public final class RiskValidations {
    private RiskValidations() {
    }

    /** The verdict on order {@code orderId}'s decision as the ledger has it now. */
    public static RiskService.Validation read(LedgerGateway ledger, long orderId) {
        return of(ledger.query(RiskDecisionContract.ID, RiskDecisionContract.GET,
                RiskDecisionContract.getArgs(LedgerNames.order(orderId))));
    }

    static RiskService.Validation of(CborMap d) {
        return new RiskService.Validation(d.text("status"), (int) d.integer("agree"), (int) d.integer("disagree"),
                d.list("validators").size(), (int) d.integer("agreement_num"), (int) d.integer("agreement_den"));
    }

    /** Brings order {@code orderId}'s decision up to the ledger's verdict; whether it was flagged just now. */
    public static boolean sync(Jdbi jdbi, LedgerGateway ledger, long orderId) {
        boolean open = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM risk_decisions WHERE order_id = :o "
                + "AND reviewed_at IS NULL AND validation IS NULL").bind("o", orderId).mapTo(Integer.class).one()) > 0;
        return open && apply(jdbi, orderId, read(ledger, orderId));
    }

    /**
     * Brings every unreviewed decision whose verdict is open up to the ledger's; the number flagged just now. A
     * decision the ledger cannot be asked about now is left for the next pass.
     */
    public static int syncOpen(Jdbi jdbi, LedgerGateway ledger) {
        Objects.requireNonNull(ledger, "ledger");
        List<Long> open = jdbi.withHandle(h -> h.createQuery("SELECT order_id FROM risk_decisions "
                + "WHERE reviewed_at IS NULL AND validation IS NULL ORDER BY order_id").mapTo(Long.class).list());
        int flagged = 0;
        for (long orderId : open) {
            RiskService.Validation v;
            try {
                v = read(ledger, orderId);
            } catch (RuntimeException unavailable) {
                continue;
            }
            if (apply(jdbi, orderId, v)) {
                flagged++;
            }
        }
        return flagged;
    }

    private static boolean apply(Jdbi jdbi, long orderId, RiskService.Validation v) {
        if ("pending".equals(v.status())) {
            return false;
        }
        return jdbi.inTransaction(h -> {
            int settled = h.createUpdate("UPDATE risk_decisions SET validation = :v WHERE order_id = :o "
                    + "AND validation IS NULL AND reviewed_at IS NULL").bind("v", v.status()).bind("o", orderId)
                    .execute();
            if (settled == 0 || !v.flagged()) {
                return false;
            }
            h.createUpdate("UPDATE risk_decisions SET holds = TRUE, queued = TRUE WHERE order_id = :o "
                            + "AND reviewed_at IS NULL")
                    .bind("o", orderId).execute();
            return true;
        });
    }

    /** Why a decision waits in the review queue, in plain words. */
    static String reason(String outcome, boolean requested, RiskService.Validation v) {
        if (v != null && v.flagged()) {
            return "flagged by validators (C = " + v.agree() + "/" + v.validators() + " below threshold "
                    + v.agreementNum() + "/" + v.agreementDen() + ")";
        }
        if (RiskDecisionContract.HOLD.equals(outcome)) {
            return "held at checkout (score at or above the threshold)";
        }
        return requested ? "review requested by the buyer" : "waiting for a review";
    }
}
