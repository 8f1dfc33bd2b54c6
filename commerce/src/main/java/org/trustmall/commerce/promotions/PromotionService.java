package org.trustmall.commerce.promotions;

import java.time.Instant;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.Page;
import org.trustmall.commerce.money.Money;

/**
 * Coupon codes a merchant issues for its own goods. A buyer redeems one at checkout
 * ({@code OrderService.CheckoutRequest.couponCode}): it takes its discount off the merchant's order in the coupon's
 * currency, and the discount is part of that order's snapshot. No coupon is ever redeemed beyond its total or
 * per-account limit, under any concurrency; cancelling the order gives the redemption back.
 *
 * <p>Coupons funded by the platform (issued by an admin, across merchants) are not offered yet.
 */
public interface PromotionService {

    /**
     * A new coupon. Exactly one of {@code percentOff} (1-100) and {@code amountOff} (minor units of
     * {@code currency}) is given. {@code minimumSpend} (minor units; default 0) counts the merchant's goods in
     * {@code currency} before the discount. {@code validFrom} defaults to now; {@code validUntil} (exclusive) may be
     * null for no end. {@code totalLimit} may be null for no limit; {@code perAccountLimit} defaults to 1 (at most
     * 1000).
     */
    record CouponInput(String code, Integer percentOff, Long amountOff, String currency, Long minimumSpend,
                       Instant validFrom, Instant validUntil, Integer totalLimit, Integer perAccountLimit) {
    }

    /** A coupon as its merchant sees it; {@code redeemed} counts the redemptions in force (not cancelled). */
    record Coupon(String code, long merchantId, CouponTerms terms, Integer totalLimit, int perAccountLimit,
                  int redeemed, boolean active, Instant createdAt) {
    }

    /** What a coupon would do to the buyer's cart now: it applies with a discount, or it is refused with a reason. */
    sealed interface Quote permits Applies, Refused {
        String code();
    }

    /** {@code discount} comes off {@code eligibleSubtotal}, the merchant's goods in the coupon's currency. */
    record Applies(String code, long merchantId, Money eligibleSubtotal, Money discount) implements Quote {
    }

    record Refused(String code, String reason) implements Quote {
    }

    /** A merchant issues a coupon; a code in use anywhere on the platform is a {@code Conflict} on {@code code}. */
    Coupon create(Actor merchant, CouponInput input);

    /** The merchant's own coupons, newest first. */
    Page<Coupon> listOwn(Actor merchant, int page, int size);

    /** One of the merchant's own coupons (an admin sees any); another merchant's code is {@code NotFound}. */
    Coupon get(Actor actor, String code);

    /**
     * The merchant withdraws a coupon: it can no longer be redeemed; orders already placed keep their discount.
     * Withdrawing a withdrawn coupon changes nothing.
     */
    Coupon deactivate(Actor merchant, String code);

    /**
     * What {@code code} would take off the buyer's cart if they checked out now. A preview only: the limits are
     * checked again, and enforced, at checkout.
     */
    Quote preview(Actor buyer, String code);
}
