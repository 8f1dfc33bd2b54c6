package org.trustmall.ai.risk;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the platform knew before an order: the only source {@link RiskFeatures} reads, so the features of an order are
 * the same whether computed offline for training (the generator's in-memory history) or online at checkout (commerce's
 * implementation over its SQL tables). Every method answers as of a moment {@code before}, strictly excluding that
 * moment and anything later, including chargebacks reported later: an implementation must not leak the future.
 *
 * <p>Implementations must be safe to call from the thread computing the features; they need not be thread-safe.
 */
public interface RiskHistory {

    /** The kinds of key an order links to and that several accounts may share. */
    enum Link {
        ADDRESS, DEVICE, IP, CARD
    }

    /** When the account was opened; empty when the account is unknown (its age then counts as 0). */
    Optional<Instant> accountOpened(String account);

    /**
     * The account's order attempts placed strictly before {@code before}, failed payments included, oldest first, with
     * chargebacks only if reported strictly before {@code before}.
     */
    List<PastOrder> ordersBefore(String account, Instant before);

    /** Amounts of all accounts' attempts in the category placed in {@code [from, before)}. */
    AmountStats categoryAmounts(String category, Instant from, Instant before);

    /**
     * How many distinct accounts other than {@code account} placed an attempt with this key in {@code [from, before)}.
     */
    int otherAccounts(Link link, String key, String account, Instant from, Instant before);
}
