package org.trustmall.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.trustmall.commerce.risk.RiskService;

/** The JSON shapes of risk decisions (with their explanation and proof reference), the review queue and credit. */
public final class RiskViews {
    private RiskViews() {
    }

    public static ObjectNode decision(RiskService.Decision d) {
        ObjectNode out = Views.object().put("orderId", d.orderId()).put("score", d.score())
                .put("threshold", d.threshold()).put("outcome", d.outcome()).put("held", d.holds())
                .put("summary", d.summary()).put("decidedAt", d.decidedAt().toString());
        ObjectNode proof = out.putObject("ledger");
        proof.put("transactionId", d.transactionId()).put("height", d.height())
                .put("proof", "/api/v1/ledger/transactions/" + d.transactionId() + "/proof")
                .put("modelSha256", d.modelSha256()).put("modelId", d.modelId())
                .put("featureVersion", d.featureVersion()).put("featureCommitment", d.commitment());
        RiskService.Validation v = d.validation();
        out.putObject("validation").put("status", v.status()).put("agree", v.agree()).put("disagree", v.disagree())
                .put("validators", v.validators()).put("threshold", v.agreementNum() + "/" + v.agreementDen());
        ArrayNode top = out.putArray("explanation");
        for (RiskService.Contribution c : d.top()) {
            top.addObject().put("feature", c.feature()).put("value", c.value()).put("contribution", c.contribution())
                    .put("text", c.explanation());
        }
        if (d.review() != null) {
            RiskService.Review r = d.review();
            ObjectNode review = out.putObject("review");
            if (r.requestedAt() != null) {
                review.put("requestedAt", r.requestedAt().toString());
            }
            if (r.requestNote() != null) {
                review.put("requestNote", r.requestNote());
            }
            if (r.reviewedAt() != null) {
                review.put("reviewedAt", r.reviewedAt().toString()).put("outcome", r.outcome());
            }
            if (r.note() != null) {
                review.put("note", r.note());
            }
        }
        return out;
    }

    public static Schema decisionSchema() {
        Schema ledger = Schema.object().req("transactionId", Schema.string()).req("height", Schema.integer())
                .req("proof", Schema.string().describe("where the transaction's inclusion proof is"))
                .req("modelSha256", Schema.string()).req("modelId", Schema.string())
                .req("featureVersion", Schema.string())
                .req("featureCommitment", Schema.string().describe("SHA-256(salt ‖ feature vector), on chain"));
        Schema contribution = Schema.object().req("feature", Schema.string()).req("value", Schema.number())
                .req("contribution", Schema.number().describe("share of the log-odds: positive raised the risk"))
                .req("text", Schema.string());
        Schema review = Schema.object().opt("requestedAt", Schema.string()).opt("requestNote", Schema.string())
                .opt("reviewedAt", Schema.string()).opt("outcome", Schema.enumOf("released", "cancelled"))
                .opt("note", Schema.string());
        Schema validation = Schema.object()
                .req("status", Schema.enumOf("pending", "confirmed", "flagged", "unvalidated"))
                .req("agree", Schema.integer()).req("disagree", Schema.integer())
                .req("validators", Schema.integer())
                .req("threshold", Schema.string().describe("agreement needed, C = agree/validators, as num/den"));
        return Schema.object().req("orderId", Schema.integer()).req("score", Schema.number())
                .req("threshold", Schema.number()).req("outcome", Schema.enumOf("hold", "pass"))
                .req("held", Schema.bool()).req("summary", Schema.string()).req("decidedAt", Schema.string())
                .req("ledger", ledger).req("validation", validation).req("explanation", Schema.array(contribution))
                .opt("review", review);
    }

    public static ObjectNode queueEntry(RiskService.QueueEntry e) {
        ObjectNode out = Views.object().put("orderId", e.orderId()).put("buyerId", e.buyerId())
                .put("orderState", e.orderState()).put("reason", e.reason());
        out.set("total", Views.money(e.total()));
        out.set("decision", decision(e.decision()));
        return out;
    }

    public static Schema queueEntrySchema() {
        return Schema.object().req("orderId", Schema.integer()).req("buyerId", Schema.integer())
                .req("orderState", Schema.string()).req("reason", Schema.string()).req("total", Views.moneySchema())
                .req("decision", decisionSchema());
    }

    public static ObjectNode credit(RiskService.CreditScore c) {
        ObjectNode out = Views.object().put("accountId", c.accountId()).put("role", c.role()).put("score", c.score())
                .put("band", c.band()).put("ordersOnLedger", c.ordersOnLedger()).put("asOf", c.asOf().toString());
        ArrayNode reasons = out.putArray("reasons");
        c.reasons().forEach(reasons::add);
        return out;
    }

    public static Schema creditSchema() {
        return Schema.object().req("accountId", Schema.integer()).req("role", Schema.enumOf("buyer", "merchant"))
                .req("score", Schema.integer(0, 1000))
                .req("band", Schema.enumOf("pay-later", "pay-now", "payout-next-day", "payout-weekly",
                        "payout-fortnightly-reserve"))
                .req("ordersOnLedger", Schema.integer()).req("asOf", Schema.string())
                .req("reasons", Schema.array(Schema.string()));
    }

    /** What a validator re-executes: decision data only, the vector's values as exact doubles. */
    public static ObjectNode disclosure(RiskService.Disclosure d) {
        ObjectNode out = Views.object().put("orderId", d.orderId()).put("order", d.order()).put("salt", d.salt())
                .put("commitment", d.commitment()).put("modelSha256", d.modelSha256())
                .put("featureVersion", d.featureVersion()).put("scorePpm", d.scorePpm())
                .put("transactionId", d.transactionId());
        ArrayNode features = out.putArray("features");
        for (double x : d.features()) {
            features.add(x);
        }
        return out;
    }

    public static Schema disclosureSchema() {
        return Schema.object().req("orderId", Schema.integer()).req("order", Schema.string())
                .req("features", Schema.array(Schema.number())).req("salt", Schema.string(64, 64))
                .req("commitment", Schema.string(64, 64)).req("modelSha256", Schema.string(64, 64))
                .req("featureVersion", Schema.string()).req("scorePpm", Schema.integer(0, 1_000_000))
                .req("transactionId", Schema.string(64, 64));
    }
}
