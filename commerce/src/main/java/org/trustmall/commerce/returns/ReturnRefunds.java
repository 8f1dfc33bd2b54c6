package org.trustmall.commerce.returns;

import java.math.BigInteger;
import java.math.RoundingMode;
import java.math.BigDecimal;

/**
 * What a return refunds, in minor units. Pure.
 *
 * <p>What the buyer paid for the returned goods — their price less their share of the coupon's discount — plus their
 * share of the order's tax, plus the shipping only when the last units of the order come back. The discount and tax
 * shares are taken cumulatively — share(goods returned so far including these) − share(goods returned before), each
 * rounded half-up — so that rounding never drifts: partial refunds add up to at most the total, and the last return
 * of everything makes them add up to exactly the total. Never more than what is left to refund (a dispute may have
 * refunded part already).
 *
 * @param subtotal the order's goods at their list prices (> 0)
 * @param discount what the coupon took off the goods (0..subtotal)
 * @param tax      the order's tax on the goods after the discount
 * @param total    what the buyer paid: subtotal − discount + shipping + tax
 */
record ReturnRefunds(long subtotal, long discount, long tax, long total) {
    ReturnRefunds {
        if (subtotal <= 0 || discount < 0 || discount > subtotal || tax < 0 || total < subtotal - discount + tax) {
            throw new IllegalArgumentException("an order's subtotal is > 0, its discount 0..subtotal, its tax >= 0 "
                    + "and its total covers the discounted goods and the tax");
        }
    }

    /**
     * The refund for goods worth {@code goods}, when goods worth {@code goodsBefore} were refunded by earlier returns
     * and {@code refunded} has been refunded in all so far.
     *
     * @param everythingBack whether these are the last units of the order still out
     */
    long refund(long goodsBefore, long goods, boolean everythingBack, long refunded) {
        if (goods < 0 || goodsBefore < 0 || goodsBefore + goods > subtotal || refunded < 0 || refunded > total) {
            throw new IllegalArgumentException("returned goods cannot exceed the order's");
        }
        long left = total - refunded;
        if (everythingBack) {
            return left;
        }
        long after = goodsBefore + goods;
        long share = goods - (discountOn(after) - discountOn(goodsBefore)) + taxOn(after) - taxOn(goodsBefore);
        return Math.min(share, left);
    }

    /** The tax on goods worth {@code goods} at list price: tax × goods / subtotal, rounded half-up. */
    long taxOn(long goods) {
        return shareOf(tax, goods);
    }

    /** The part of the discount that came off goods worth {@code goods}: discount × goods / subtotal, half-up. */
    long discountOn(long goods) {
        return shareOf(discount, goods);
    }

    private long shareOf(long amount, long goods) {
        BigDecimal exact = new BigDecimal(BigInteger.valueOf(amount).multiply(BigInteger.valueOf(goods)))
                .divide(BigDecimal.valueOf(subtotal), 0, RoundingMode.HALF_UP);
        return exact.longValueExact();
    }
}
