package org.trustmall.commerce.returns;

import java.math.BigInteger;
import java.math.RoundingMode;
import java.math.BigDecimal;

/**
 * What a return refunds, in minor units. Pure.
 *
 * <p>The returned goods' price, plus their share of the order's tax, plus the shipping only when the last units of
 * the order come back. The tax share is taken cumulatively — tax(goods returned so far including these) − tax(goods
 * returned before), each rounded half-up — so that rounding never drifts: partial refunds add up to at most the
 * total, and the last return of everything makes them add up to exactly the total. Never more than what is left to
 * refund (a dispute may have refunded part already).
 *
 * @param subtotal the order's goods (> 0)
 * @param tax      the order's tax on those goods
 * @param total    what the buyer paid: subtotal + shipping + tax
 */
record ReturnRefunds(long subtotal, long tax, long total) {
    ReturnRefunds {
        if (subtotal <= 0 || tax < 0 || total < subtotal + tax) {
            throw new IllegalArgumentException("an order's subtotal is > 0, its tax >= 0 and its total covers both");
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
        long share = goods + taxOn(goodsBefore + goods) - taxOn(goodsBefore);
        return Math.min(share, left);
    }

    /** The tax on goods worth {@code goods}: tax × goods / subtotal, rounded half-up. */
    long taxOn(long goods) {
        BigDecimal exact = new BigDecimal(BigInteger.valueOf(tax).multiply(BigInteger.valueOf(goods)))
                .divide(BigDecimal.valueOf(subtotal), 0, RoundingMode.HALF_UP);
        return exact.longValueExact();
    }
}
