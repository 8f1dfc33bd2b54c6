package org.trustmall.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.trustmall.commerce.settlement.PayoutService;

/** The JSON shapes of merchant statements, payouts and payout schedules. */
public final class SettlementViews {
    private SettlementViews() {
    }

    public static ObjectNode statement(PayoutService.Statement s) {
        ObjectNode out = Views.object().put("merchantId", s.merchantId());
        out.set("balance", Views.money(s.balance()));
        out.set("released", Views.money(s.released()));
        out.set("refunded", Views.money(s.refunded()));
        out.set("paidOut", Views.money(s.paidOut()));
        out.set("entries", Views.page(s.entries(), SettlementViews::entry));
        return out;
    }

    private static ObjectNode entry(PayoutService.Entry e) {
        ObjectNode out = Views.object().put("id", e.id()).put("kind", e.kind());
        out.set("amount", Views.money(e.amount()));
        if (e.orderId() != null) {
            out.put("orderId", e.orderId());
        }
        if (e.payoutId() != null) {
            out.put("payoutId", e.payoutId());
        }
        return out.put("transactionId", e.transactionId()).put("height", e.height()).put("at", e.at().toString());
    }

    public static Schema statementSchema() {
        Schema entry = Schema.object().req("id", Schema.integer())
                .req("kind", Schema.enumOf("release", "refund", "payout", "reversal"))
                .req("amount", Views.moneySchema().describe("signed: positive credits the merchant"))
                .opt("orderId", Schema.integer()).opt("payoutId", Schema.integer())
                .req("transactionId", Schema.string()).req("height", Schema.integer()).req("at", Schema.string());
        return Schema.object().req("merchantId", Schema.integer()).req("balance", Views.moneySchema())
                .req("released", Views.moneySchema()).req("refunded", Views.moneySchema())
                .req("paidOut", Views.moneySchema()).req("entries", Views.pageSchema(entry));
    }

    public static ObjectNode payout(PayoutService.Payout p) {
        ObjectNode out = Views.object().put("id", p.id()).put("merchantId", p.merchantId());
        out.set("amount", Views.money(p.amount()));
        out.put("state", p.state()).put("trigger", p.trigger());
        if (p.failure() != null) {
            out.put("failure", p.failure());
        }
        if (p.transactionId() != null) {
            out.put("transactionId", p.transactionId());
        }
        return out.put("createdAt", p.createdAt().toString()).put("updatedAt", p.updatedAt().toString());
    }

    public static Schema payoutSchema() {
        return Schema.object().req("id", Schema.integer()).req("merchantId", Schema.integer())
                .req("amount", Views.moneySchema()).req("state", Schema.enumOf("requested", "recorded", "paid",
                        "failed")).req("trigger", Schema.enumOf("request", "schedule"))
                .opt("failure", Schema.string()).opt("transactionId", Schema.string())
                .req("createdAt", Schema.string()).req("updatedAt", Schema.string());
    }

    public static ObjectNode schedule(PayoutService.Schedule s) {
        ObjectNode out = Views.object().put("merchantId", s.merchantId()).put("intervalDays", s.intervalDays());
        out.set("minimum", Views.money(s.minimum()));
        return out.put("nextRunAt", s.nextRunAt().toString());
    }

    public static Schema scheduleSchema() {
        return Schema.object().req("merchantId", Schema.integer()).req("intervalDays", Schema.integer(1, 90))
                .req("minimum", Views.moneySchema()).req("nextRunAt", Schema.string());
    }
}
