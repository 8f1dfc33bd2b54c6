package org.trustmall.assistant;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Something the assistant did (or tried to do) for the signed-in person through a commerce service.
 * {@code status}: {@code done}; {@code proposed} (waiting for the person's confirmation); {@code not_found} (no such
 * order on the person's account — also what somebody else's order looks like); {@code refused} (the order's state
 * or the person's role does not allow it); {@code failed}. {@code ledger} lists the ledger transactions that prove
 * what happened, each verifiable with {@code GET /api/v1/ledger/transactions/{id}/proof}.
 */
public record Action(String kind, String status, Map<String, String> details, List<LedgerEntry> ledger) {
    public static final String DONE = "done";
    public static final String PROPOSED = "proposed";
    public static final String NOT_FOUND = "not_found";
    public static final String REFUSED = "refused";
    public static final String FAILED = "failed";

    /** A ledger transaction: what it recorded, its id (hex) and the height it was appended at. */
    public record LedgerEntry(String kind, String transactionId, long height) {
    }

    public Action {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        details = Map.copyOf(details);
        ledger = List.copyOf(ledger);
    }

    public static Action of(String kind, String status, Map<String, String> details) {
        return new Action(kind, status, details, List.of());
    }
}
