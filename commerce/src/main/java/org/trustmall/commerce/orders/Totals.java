package org.trustmall.commerce.orders;

import java.util.List;
import org.trustmall.commerce.money.Money;

/**
 * What an order costs: goods, less any coupon discount, plus shipping and tax by the destination's rate. Pure and
 * exact (minor units): {@code total = subtotal - discount + shipping + tax}.
 */
record Totals(Money subtotal, Money discount, Money shipping, Money tax, Money total) {

    /** Totals of lines (all in the rate's currency) holding {@code items} items in all, without a discount. */
    static Totals of(List<Money> lineTotals, long items, RateTable.Rate rate) {
        return of(lineTotals, items, rate, Money.zero(rate.currency()));
    }

    /**
     * As above, with {@code offered} off the goods. The discount comes off the goods only (not shipping), never more
     * than they cost, and it always leaves at least one minor unit to pay, because a payment and an escrow need a
     * positive amount (this only bites when shipping is free and the coupon takes everything). Tax is charged on
     * the goods after the discount: the buyer is taxed on what they pay.
     */
    static Totals of(List<Money> lineTotals, long items, RateTable.Rate rate, Money offered) {
        Money subtotal = Money.zero(rate.currency());
        for (Money m : lineTotals) {
            subtotal = subtotal.plus(m);
        }
        if (!offered.currency().equals(rate.currency())) {
            throw new IllegalArgumentException("a discount in " + offered.currency() + " on goods in "
                    + rate.currency());
        }
        Money shipping = rate.shipping(items);
        long most = shipping.minor() == 0 ? Math.max(0, subtotal.minor() - 1) : subtotal.minor();
        Money discount = Money.of(Math.clamp(offered.minor(), 0, most), rate.currency());
        Money goods = subtotal.minus(discount);
        Money tax = goods.timesBasisPoints(rate.taxBasisPoints());
        return new Totals(subtotal, discount, shipping, tax, goods.plus(shipping).plus(tax));
    }
}
