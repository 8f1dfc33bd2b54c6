package org.trustmall.commerce.orders;

import java.time.Instant;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.commerce.db.Sql;

/**
 * The database steps every service that changes an order shares, inside the caller's transaction: a conditional
 * state change, and the record of a ledger transaction the order lists.
 */
public final class OrderRecords {
    private OrderRecords() {
    }

    /**
     * Moves order {@code orderId} from {@code from} to {@code to}, from {@code from} only (a racing change makes it
     * a {@code Conflict}); {@code columns} are set alongside.
     */
    public static void move(Handle h, long orderId, OrderState from, OrderState to, Instant now,
                            Map<String, String> columns) {
        StringBuilder sql = new StringBuilder("UPDATE orders SET state = :to, updated_at = :now");
        columns.keySet().forEach(c -> sql.append(", ").append(c).append(" = :").append(c));
        sql.append(" WHERE id = :id AND state = :from");
        var update = h.createUpdate(sql.toString()).bind("to", to.wire()).bind("now", Sql.at(now))
                .bind("id", orderId).bind("from", from.wire());
        columns.forEach(update::bind);
        if (update.execute() != 1) {
            throw new CommerceException.Conflict("state", "order " + orderId + " changed while it was being "
                    + "moved from " + from.wire() + " to " + to.wire() + "; reload it");
        }
    }

    /** Lists ledger transaction {@code c} on the order, as {@code kind} (e.g. {@code escrow.refund}). */
    public static void addRef(Handle h, long orderId, String kind, LedgerGateway.Committed c) {
        addLedgerRef(h, "order_ledger_refs", "order_id", orderId, kind, c);
    }

    /**
     * Appends ledger transaction {@code c} to the numbered list in {@code table} (a {@code *_ledger_refs} table:
     * owner, ref_no, kind, transaction_id, height) of the owner {@code ownerId}. The table and column are the
     * caller's constants, never input.
     */
    public static void addLedgerRef(Handle h, String table, String ownerColumn, long ownerId, String kind,
                                    LedgerGateway.Committed c) {
        int next = h.createQuery("SELECT COALESCE(MAX(ref_no), 0) + 1 FROM " + table + " WHERE " + ownerColumn
                        + " = :o").bind("o", ownerId).mapTo(Integer.class).one();
        h.createUpdate("INSERT INTO " + table + " (" + ownerColumn + ", ref_no, kind, transaction_id, height) "
                        + "VALUES (:o, :n, :k, :tx, :height)")
                .bind("o", ownerId).bind("n", next).bind("k", kind).bind("tx", c.transactionId())
                .bind("height", c.height()).execute();
    }
}
