package org.trustmall.commerce.settlement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.commerce.chain.LedgerNames;
import org.trustmall.contracts.escrow.EscrowContract;
import org.trustmall.ledger.encoding.CborMap;

/**
 * Checks the database's money against the ledger, which is the record of truth: for every escrowed order, its
 * amount, refunds and release; for every merchant and currency, the statement's sums against the balance the escrow
 * contract keeps; for every refund, statement entry and payout, that the named transaction exists, succeeded, called
 * the escrow contract with the method the row implies, for the same order or payout. Reports every difference; does
 * not stop at the first. Read-only.
 */
final class Reconciliation {
    private static final Map<String, Set<String>> ENTRY_METHODS = Map.of(
            "release", Set.of(EscrowContract.RELEASE, EscrowContract.RELEASE_EXPIRED, EscrowContract.SETTLE),
            "refund", Set.of(EscrowContract.REFUND, EscrowContract.SETTLE),
            "payout", Set.of(EscrowContract.PAYOUT),
            "reversal", Set.of(EscrowContract.REVERSE_PAYOUT));
    private static final Set<String> REFUND_METHODS = Set.of(EscrowContract.REFUND, EscrowContract.SETTLE);
    /** Order states in which the escrow must still be held. */
    private static final Set<String> HELD = Set.of("paid", "shipped", "delivered");

    private final Jdbi jdbi;
    private final LedgerGateway ledger;
    private final List<PayoutService.Difference> differences = new ArrayList<>();

    Reconciliation(Jdbi jdbi, LedgerGateway ledger) {
        this.jdbi = jdbi;
        this.ledger = ledger;
    }

    private void differ(String subject, String what) {
        differences.add(new PayoutService.Difference(subject, what));
    }

    private record OrderRow(long id, long merchantId, String currency, String state, long total, long refunded,
                            long refundsSum, long releasedSum, long balanceRefundsSum, long entryRefundsSum) {
    }

    private record EntryRow(long id, long merchantId, String currency, String kind, long amount, Long orderId,
                            Long payoutId, String transactionId) {
    }

    PayoutService.Report run() {
        return jdbi.withHandle(h -> {
            List<OrderRow> orders = orders(h);
            Map<String, long[]> merchants = new LinkedHashMap<>();
            for (OrderRow o : orders) {
                checkOrder(o);
                merchants.putIfAbsent(o.merchantId() + "|" + o.currency(), new long[3]);
            }
            List<EntryRow> entries = entries(h);
            for (EntryRow e : entries) {
                long[] sums = merchants.computeIfAbsent(e.merchantId() + "|" + e.currency(), k -> new long[3]);
                switch (e.kind()) {
                    case "release" -> sums[0] += e.amount();
                    case "refund" -> sums[1] -= e.amount();
                    default -> sums[2] -= e.amount(); // payouts and their reversals
                }
                checkEntry(e);
            }
            merchants.forEach(this::checkBalance);
            int refunds = checkRefunds(h);
            int payouts = checkPayouts(h);
            return new PayoutService.Report(orders.size(), merchants.size(), entries.size() + refunds, payouts,
                    List.copyOf(differences));
        });
    }

    private static List<OrderRow> orders(Handle h) {
        return h.createQuery("SELECT o.id, o.merchant_id, o.currency, o.state, o.total_minor, o.refunded_minor, "
                        + "(SELECT COALESCE(SUM(r.amount_minor), 0) FROM refunds r WHERE r.order_id = o.id) AS refunds_sum, "
                        + "(SELECT COALESCE(SUM(r.amount_minor), 0) FROM refunds r WHERE r.order_id = o.id "
                        + "  AND r.source = 'merchant_balance') AS balance_refunds_sum, "
                        + "(SELECT COALESCE(SUM(e.amount_minor), 0) FROM merchant_entries e WHERE e.order_id = o.id "
                        + "  AND e.kind = 'release') AS released_sum, "
                        + "(SELECT COALESCE(SUM(-e.amount_minor), 0) FROM merchant_entries e WHERE e.order_id = o.id "
                        + "  AND e.kind = 'refund') AS entry_refunds_sum "
                        + "FROM orders o WHERE EXISTS (SELECT 1 FROM order_ledger_refs f WHERE f.order_id = o.id "
                        + "AND f.kind = 'escrow.lock') ORDER BY o.id")
                .map((rs, ctx) -> new OrderRow(rs.getLong("id"), rs.getLong("merchant_id"),
                        rs.getString("currency").strip(), rs.getString("state"), rs.getLong("total_minor"),
                        rs.getLong("refunded_minor"), rs.getLong("refunds_sum"), rs.getLong("released_sum"),
                        rs.getLong("balance_refunds_sum"), rs.getLong("entry_refunds_sum")))
                .list();
    }

    private void checkOrder(OrderRow o) {
        String subject = "order " + o.id();
        CborMap escrow;
        try {
            escrow = ledger.query(EscrowContract.ID, EscrowContract.GET,
                    EscrowContract.getArgs(LedgerNames.order(o.id())));
        } catch (CommerceException e) {
            differ(subject, "the database records an escrow lock but the ledger has no escrow for it");
            return;
        }
        compare(subject, "amount", o.total(), escrow.integer("amount"));
        compare(subject, "refunded", o.refunded(), escrow.integer("refunded"));
        compare(subject, "sum of refund records", o.refundsSum(), escrow.integer("refunded"));
        compare(subject, "released to the merchant", o.releasedSum(), escrow.integer("released_amount"));
        compare(subject, "refunds from the merchant's balance", o.balanceRefundsSum(), o.entryRefundsSum());
        if (!escrow.text("currency").equals(o.currency())) {
            differ(subject, "currency: database " + o.currency() + ", ledger " + escrow.text("currency"));
        }
        if (!escrow.text("merchant").equals(LedgerNames.merchant(o.merchantId()))) {
            differ(subject, "merchant: database " + LedgerNames.merchant(o.merchantId()) + ", ledger "
                    + escrow.text("merchant"));
        }
        String state = escrow.text("state");
        boolean consistent = switch (state) {
            case "LOCKED" -> HELD.contains(o.state()) || o.state().equals("disputed");
            case "REFUNDED" -> o.state().equals("refunded");
            default -> !HELD.contains(o.state()) && !o.state().equals("created") && !o.state().equals("cancelled");
        };
        if (!consistent) {
            differ(subject, "state: database " + o.state() + " but the ledger's escrow is " + state);
        }
    }

    private void compare(String subject, String what, long database, long onLedger) {
        if (database != onLedger) {
            differ(subject, what + ": database " + database + ", ledger " + onLedger);
        }
    }

    private static List<EntryRow> entries(Handle h) {
        return h.createQuery("SELECT * FROM merchant_entries ORDER BY id")
                .map((rs, ctx) -> new EntryRow(rs.getLong("id"), rs.getLong("merchant_id"),
                        rs.getString("currency").strip(), rs.getString("kind"), rs.getLong("amount_minor"),
                        rs.getObject("order_id", Long.class), rs.getObject("payout_id", Long.class),
                        rs.getString("transaction_id").strip()))
                .list();
    }

    private void checkEntry(EntryRow e) {
        String subject = "statement entry " + e.id() + " (" + e.kind() + ", merchant " + e.merchantId() + ")";
        Optional<LedgerGateway.CommittedCall> call = committed(subject, e.transactionId());
        if (call.isEmpty()) {
            return;
        }
        LedgerGateway.CommittedCall c = call.get();
        if (!ENTRY_METHODS.getOrDefault(e.kind(), Set.of()).contains(c.method())) {
            differ(subject, "transaction " + e.transactionId() + " is escrow." + c.method() + ", not a " + e.kind());
            return;
        }
        if (e.orderId() != null && !c.args().optionalText("order").orElse("")
                .equals(LedgerNames.order(e.orderId()))) {
            differ(subject, "transaction " + e.transactionId() + " is for " + c.args().optionalText("order")
                    .orElse("no order") + ", not order " + e.orderId());
        }
        if (e.payoutId() != null) {
            String payout = SqlPayoutService.ledgerPayout(e.payoutId());
            if (!c.args().optionalText("payout").orElse("").equals(payout)) {
                differ(subject, "transaction " + e.transactionId() + " is not for " + payout);
            }
            if (e.kind().equals("payout") && c.args().integer("amount") != -e.amount()) {
                differ(subject, "amount: database " + -e.amount() + ", ledger " + c.args().integer("amount"));
            }
        }
    }

    private Optional<LedgerGateway.CommittedCall> committed(String subject, String transactionId) {
        Optional<LedgerGateway.CommittedCall> call = ledger.transaction(transactionId);
        if (call.isEmpty()) {
            differ(subject, "transaction " + transactionId + " is not on the ledger");
            return Optional.empty();
        }
        LedgerGateway.CommittedCall c = call.get();
        if (!c.ok() || !c.contract().equals(EscrowContract.ID)) {
            differ(subject, "transaction " + transactionId + " is " + c.contract() + "." + c.method()
                    + (c.ok() ? "" : ", which failed") + ", not a successful escrow call");
            return Optional.empty();
        }
        return call;
    }

    private void checkBalance(String key, long[] sums) {
        long merchantId = Long.parseLong(key.substring(0, key.indexOf('|')));
        String currency = key.substring(key.indexOf('|') + 1);
        String subject = "merchant " + merchantId + " " + currency;
        CborMap balance = ledger.query(EscrowContract.ID, EscrowContract.BALANCE,
                EscrowContract.balanceArgs(LedgerNames.merchant(merchantId), currency));
        compare(subject, "released", sums[0], balance.integer("released"));
        compare(subject, "refunded after release", sums[1], balance.integer("refunded"));
        compare(subject, "paid out", sums[2], balance.integer("paid_out"));
        compare(subject, "balance", sums[0] - sums[1] - sums[2], balance.integer("balance"));
    }

    private int checkRefunds(Handle h) {
        List<Object[]> rows = h.createQuery("SELECT id, order_id, transaction_id FROM refunds ORDER BY id")
                .map((rs, ctx) -> new Object[] {rs.getLong("id"), rs.getLong("order_id"),
                        rs.getString("transaction_id").strip()})
                .list();
        Set<String> seen = new LinkedHashSet<>();
        for (Object[] r : rows) {
            String subject = "refund " + r[0] + " (order " + r[1] + ")";
            Optional<LedgerGateway.CommittedCall> call = committed(subject, (String) r[2]);
            if (call.isEmpty()) {
                continue;
            }
            LedgerGateway.CommittedCall c = call.get();
            if (!REFUND_METHODS.contains(c.method())
                    || !c.args().text("order").equals(LedgerNames.order((Long) r[1]))) {
                differ(subject, "transaction " + r[2] + " is escrow." + c.method() + " for "
                        + c.args().optionalText("order").orElse("no order") + ", not a refund of order " + r[1]);
            }
            if (!seen.add((String) r[2])) {
                differ(subject, "transaction " + r[2] + " is claimed by more than one refund");
            }
        }
        return rows.size();
    }

    private int checkPayouts(Handle h) {
        List<Object[]> rows = h.createQuery("SELECT id, amount_minor, state, reversal_tx FROM payouts "
                        + "WHERE state IN ('recorded', 'paid') OR reversal_tx IS NOT NULL ORDER BY id")
                .map((rs, ctx) -> new Object[] {rs.getLong("id"), rs.getLong("amount_minor"), rs.getString("state"),
                        rs.getString("reversal_tx")})
                .list();
        for (Object[] p : rows) {
            String subject = "payout " + p[0];
            CborMap record;
            try {
                record = ledger.query(EscrowContract.ID, EscrowContract.PAYOUT_RECORD,
                        EscrowContract.payoutRecordArgs(SqlPayoutService.ledgerPayout((Long) p[0])));
            } catch (CommerceException e) {
                differ(subject, "the database records it as " + p[2] + " but the ledger has no such payout");
                continue;
            }
            compare(subject, "amount", (Long) p[1], record.integer("amount"));
            if ((p[3] != null) != record.has("reversed_at")) {
                differ(subject, p[3] != null ? "reversed in the database, not on the ledger"
                        : "reversed on the ledger, not in the database");
            }
        }
        return rows.size();
    }
}
