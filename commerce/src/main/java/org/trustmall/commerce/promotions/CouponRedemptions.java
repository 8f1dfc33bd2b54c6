package org.trustmall.commerce.promotions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.db.Sql;
import org.trustmall.commerce.money.Money;

/**
 * The coupon side of a checkout and of a cancellation, run on the caller's handle inside the caller's transaction,
 * so a redemption commits exactly when its order does.
 *
 * <p>Limits hold under any concurrency because a redemption first raises the coupon's count with one conditional
 * update ({@code redeemed < total_limit}), which also locks the coupon's row until the transaction ends: redemptions
 * of one coupon are serialised, so the account's redemptions counted next are exact, and the slot taken
 * ({@code 1..per_account_limit}, part of the redemption's primary key) makes one too many impossible to store even so.
 * Callers lock the coupon before stock (checkout) and release it before restoring stock (cancel), one order for
 * both, so they cannot deadlock. Stateless and thread-safe.
 */
public final class CouponRedemptions {
    private static final String FIELD = "couponCode";

    /** One order of a checkout: the merchant's goods in one currency, before any discount. */
    public record Basket(long merchantId, Money subtotal) {
    }

    /** A redemption taken in a checkout: {@code discount} comes off {@code baskets.get(basket)}. */
    public record Redemption(long couponId, String code, int basket, Money discount, int slot) {
    }

    record Row(long id, String code, long merchantId, String merchantName, CouponTerms terms, Integer totalLimit,
               int perAccountLimit, int redeemed, boolean active, Instant createdAt) {
    }

    static final String COLUMNS = "c.id, c.code, c.merchant_id, a.display_name AS merchant_name, c.kind, "
            + "c.percent_off, c.amount_off_minor, c.currency, c.min_spend_minor, c.valid_from, c.valid_until, "
            + "c.total_limit, c.per_account_limit, c.redeemed, c.active, c.created_at";
    static final String FROM = " FROM coupons c JOIN accounts a ON a.id = c.merchant_id";

    static Row row(ResultSet rs) throws SQLException {
        String currency = rs.getString("currency").strip();
        boolean percent = "percent".equals(rs.getString("kind"));
        long amount = rs.getLong("amount_off_minor");
        int pct = rs.getInt("percent_off");
        CouponTerms terms = new CouponTerms(percent ? CouponTerms.Kind.PERCENT : CouponTerms.Kind.AMOUNT,
                percent ? pct : null, percent ? null : Money.of(amount, currency), currency,
                Money.of(rs.getLong("min_spend_minor"), currency), Sql.instant(rs, "valid_from"),
                Sql.instant(rs, "valid_until"));
        int limit = rs.getInt("total_limit");
        Integer totalLimit = rs.wasNull() ? null : limit;
        return new Row(rs.getLong("id"), rs.getString("code"), rs.getLong("merchant_id"),
                rs.getString("merchant_name"), terms, totalLimit, rs.getInt("per_account_limit"),
                rs.getInt("redeemed"), rs.getBoolean("active"), Sql.instant(rs, "created_at"));
    }

    static Optional<Row> find(Handle h, String code) {
        return h.createQuery("SELECT " + COLUMNS + FROM + " WHERE c.code = :code").bind("code", code)
                .map((rs, ctx) -> row(rs)).findOne();
    }

    /** A priced coupon: which basket it applies to and what it takes off, or why it does not apply. */
    sealed interface Priced permits Fits, Unfit {
    }

    record Fits(Row coupon, int basket, Money eligible, Money discount) implements Priced {
    }

    record Unfit(String reason) implements Priced {
    }

    /**
     * Prices {@code code} (normalised) against {@code baskets} at {@code now}: it must exist, be active, be in its
     * window, find goods of its merchant in its currency, and reach its minimum spend. Reads only; the limits are
     * left to {@link #redeem} (and to {@link #usedUp} for a preview).
     */
    static Priced price(Handle h, String code, List<Basket> baskets, Instant now) {
        Optional<Row> found = find(h, code);
        if (found.isEmpty()) {
            return new Unfit("there is no coupon " + code);
        }
        Row c = found.get();
        if (!c.active()) {
            return new Unfit("coupon " + code + " has been withdrawn by its merchant");
        }
        Optional<String> closed = c.terms().closedAt(code, now);
        if (closed.isPresent()) {
            return new Unfit(closed.get());
        }
        int basket = -1;
        for (int i = 0; i < baskets.size() && basket < 0; i++) {
            Basket b = baskets.get(i);
            if (b.merchantId() == c.merchantId() && b.subtotal().currency().equals(c.terms().currency())) {
                basket = i;
            }
        }
        if (basket < 0) {
            return new Unfit("coupon " + code + " applies only to goods from " + c.merchantName() + " priced in "
                    + c.terms().currency() + "; the cart has none");
        }
        Money eligible = baskets.get(basket).subtotal();
        return switch (c.terms().apply(code, now, eligible)) {
            case CouponTerms.Refused r -> new Unfit(r.reason());
            case CouponTerms.Discounted d -> new Fits(c, basket, eligible, d.discount());
        };
    }

    /** Why the coupon cannot be redeemed by the account now because of its limits, if it cannot; reads only. */
    static Optional<String> usedUp(Handle h, Row c, long accountId) {
        if (c.totalLimit() != null && c.redeemed() >= c.totalLimit()) {
            return Optional.of(fullyRedeemed(c.code()));
        }
        int mine = h.createQuery("SELECT COUNT(*) FROM coupon_redemptions WHERE coupon_id = :c AND account_id = :a")
                .bind("c", c.id()).bind("a", accountId).mapTo(Integer.class).one();
        return mine >= c.perAccountLimit() ? Optional.of(accountLimit(c)) : Optional.empty();
    }

    /**
     * Redeems {@code code} (normalised) for {@code accountId} against the checkout's {@code baskets}: prices it,
     * then takes one of its redemptions — never beyond its limits. Anything that stops it is a {@code Conflict} on
     * {@code couponCode}, and the caller's transaction must then roll back. Tie the redemption to its order with
     * {@link #record} in the same transaction.
     */
    public Redemption redeem(Handle h, String code, long accountId, List<Basket> baskets, Instant now) {
        Fits fits = switch (price(h, code, baskets, now)) {
            case Unfit u -> throw new CommerceException.Conflict(FIELD, u.reason());
            case Fits f -> f;
        };
        Row c = fits.coupon();
        int taken = h.createUpdate("UPDATE coupons SET redeemed = redeemed + 1 WHERE id = :id AND active = TRUE "
                        + "AND (total_limit IS NULL OR redeemed < total_limit)")
                .bind("id", c.id()).execute();
        if (taken != 1) {
            boolean active = h.createQuery("SELECT active FROM coupons WHERE id = :id").bind("id", c.id())
                    .mapTo(Boolean.class).one();
            throw new CommerceException.Conflict(FIELD, active ? fullyRedeemed(code)
                    : "coupon " + code + " has been withdrawn by its merchant");
        }
        // The coupon's row is locked by this transaction now: no other redemption of it can interleave.
        Set<Integer> used = new HashSet<>(h.createQuery("SELECT slot FROM coupon_redemptions "
                        + "WHERE coupon_id = :c AND account_id = :a")
                .bind("c", c.id()).bind("a", accountId).mapTo(Integer.class).list());
        int slot = 1;
        while (used.contains(slot)) {
            slot++;
        }
        if (slot > c.perAccountLimit()) {
            throw new CommerceException.Conflict(FIELD, accountLimit(c));
        }
        return new Redemption(c.id(), code, fits.basket(), fits.discount(), slot);
    }

    /** Stores the redemption against the order that carries its discount. */
    public void record(Handle h, Redemption r, long accountId, long orderId, Instant now) {
        h.createUpdate("INSERT INTO coupon_redemptions (coupon_id, account_id, slot, order_id, redeemed_at) "
                        + "VALUES (:c, :a, :s, :o, :now)")
                .bind("c", r.couponId()).bind("a", accountId).bind("s", r.slot()).bind("o", orderId)
                .bind("now", Sql.at(now)).execute();
    }

    /**
     * Gives back the redemption an order used, if any (its order is being cancelled or refunded): the coupon's count
     * goes down and the account's slot is free again. The order keeps its discount as history.
     */
    public void release(Handle h, long orderId) {
        Optional<Long> coupon = h.createQuery("SELECT coupon_id FROM coupon_redemptions WHERE order_id = :o")
                .bind("o", orderId).mapTo(Long.class).findOne();
        if (coupon.isEmpty()) {
            return;
        }
        h.createUpdate("UPDATE coupons SET redeemed = redeemed - 1 WHERE id = :c AND redeemed > 0")
                .bind("c", coupon.get()).execute();
        h.createUpdate("DELETE FROM coupon_redemptions WHERE order_id = :o").bind("o", orderId).execute();
    }

    private static String fullyRedeemed(String code) {
        return "coupon " + code + " has been fully redeemed";
    }

    private static String accountLimit(Row c) {
        return "this account has already used coupon " + c.code() + " as often as it may ("
                + c.perAccountLimit() + (c.perAccountLimit() == 1 ? " time)" : " times)");
    }
}
