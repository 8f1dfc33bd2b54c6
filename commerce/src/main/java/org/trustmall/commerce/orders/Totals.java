package org.trustmall.commerce.orders;

import java.util.List;
import org.trustmall.commerce.money.Money;

/** What an order costs: goods, shipping and tax by the destination's rate. Pure and exact (minor units). */
record Totals(Money subtotal, Money shipping, Money tax, Money total) {

    /** Totals of lines (all in the rate's currency) holding {@code items} items in all. */
    static Totals of(List<Money> lineTotals, long items, RateTable.Rate rate) {
        Money subtotal = Money.zero(rate.currency());
        for (Money m : lineTotals) {
            subtotal = subtotal.plus(m);
        }
        Money shipping = rate.shipping(items);
        Money tax = subtotal.timesBasisPoints(rate.taxBasisPoints());
        return new Totals(subtotal, shipping, tax, subtotal.plus(shipping).plus(tax));
    }
}
