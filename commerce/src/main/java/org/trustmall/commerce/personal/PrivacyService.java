package org.trustmall.commerce.personal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.consent.ConsentService;
import org.trustmall.commerce.orders.OrderService;

/**
 * A person's rights over their data: to see who read it (the access log on the ledger), to take all of it with
 * them (export), and to have it erased (crypto-shredding: their key is destroyed, their rows anonymised, a receipt
 * written to the ledger — which stays verifiable, as it never held their data). Thread-safe.
 */
public interface PrivacyService {

    /** One read of the person's data: by whom, why, which fields, and the ledger transaction that recorded it. */
    record AccessEntry(long n, String accessor, String purpose, List<String> fields, Instant at, long height,
                       String transactionId) {
    }

    /** The person's access log, oldest first from entry {@code from} (1-based); every pending read is written first. */
    List<AccessEntry> accessLog(Actor person, long from, int limit);

    /** A review as its author wrote it (the current version). */
    record ExportedReview(long id, long productId, long orderId, int rating, String title, String text,
                          String displayName, int version, String ledgerId, Instant createdAt) {
    }

    /** A dispute or return the person opened, with their own words. */
    record ExportedCase(String kind, long id, long orderId, String state, String reason, Instant openedAt) {
    }

    /**
     * Everything the platform holds about the person: profile, orders with their shipping addresses, reviews,
     * disputes and returns, consents, the access log, and the conversations with the assistant and agents
     * (decrypted; one flat map each, see {@code SqlPrivacyService}).
     */
    record Export(long accountId, String role, Map<String, String> profile, Instant createdAt,
                  List<OrderService.Order> orders, Map<Long, Map<String, String>> shippingAddresses,
                  List<ExportedReview> reviews, List<ExportedCase> cases, List<ConsentService.Consent> consents,
                  List<AccessEntry> accessLog, List<Map<String, String>> conversations) {
    }

    Export export(Actor person);

    /** The ledger's erasure receipt. */
    record ErasureReceipt(long accountId, String transactionId, long height, Instant erasedAt) {
    }

    /**
     * Erases the signed-in person, after checking their password again: refused ({@code Conflict} naming
     * {@code orders}) while they have an order, return or dispute in flight. Then: the erasure receipt goes to the
     * ledger, their key and secret are destroyed, their sessions revoked, their rows anonymised (orders keep only
     * what accounting needs: amounts, dates, country), their reviews stay as public text under "Former customer",
     * their conversations are closed with their messages shredded (one waiting for an agent does not hold it up).
     */
    ErasureReceipt erase(Actor person, String password);

    /** The person's ledger commitment (as on escrows, reviews, consents and the access log). */
    byte[] commitment(long accountId);
}
