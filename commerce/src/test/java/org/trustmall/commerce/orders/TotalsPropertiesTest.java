package org.trustmall.commerce.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.trustmall.commerce.money.Money;

/** The arithmetic of an order's totals with a discount, over any prices, rates and offers. */
class TotalsPropertiesTest {

    @Property
    void aDiscountStaysWithinTheGoodsAndTheTotalAddsUpAndIsPositive(
            @ForAll @Size(min = 1, max = 5) List<@LongRange(min = 1, max = 10_000_000_000L) Long> lines,
            @ForAll @IntRange(min = 1, max = 99) int items,
            @ForAll @LongRange(min = 0, max = 100_000) long flat,
            @ForAll @LongRange(min = 0, max = 10_000) long perItem,
            @ForAll @IntRange(min = 0, max = 10_000) int taxBasisPoints,
            @ForAll @LongRange(min = -1_000, max = 100_000_000_000L) long offered) {
        RateTable.Rate rate = new RateTable.Rate("CN", "", "CNY", flat, perItem, taxBasisPoints);
        Totals t = Totals.of(lines.stream().map(m -> Money.of(m, "CNY")).toList(), items, rate,
                Money.of(offered, "CNY"));
        assertEquals(lines.stream().mapToLong(Long::longValue).sum(), t.subtotal().minor());
        assertTrue(t.discount().minor() >= 0 && t.discount().minor() <= t.subtotal().minor(), t::toString);
        assertTrue(t.discount().minor() <= Math.max(0, offered), "never more than offered: " + t);
        assertEquals(t.subtotal().minus(t.discount()).timesBasisPoints(taxBasisPoints), t.tax(),
                "tax is on the goods after the discount");
        assertEquals(t.subtotal().minus(t.discount()).plus(t.shipping()).plus(t.tax()), t.total());
        assertTrue(t.total().minor() >= 1, () -> "always something to pay: " + t);
    }

    @Test
    void withFreeShippingAWholeDiscountLeavesOneMinorUnitToPay() {
        RateTable.Rate free = new RateTable.Rate("CN", "", "CNY", 0, 0, 1300);
        Totals t = Totals.of(List.of(Money.of(5_000, "CNY")), 1, free, Money.of(5_000, "CNY"));
        assertEquals(Money.of(4_999, "CNY"), t.discount());
        assertEquals(Money.of(1, "CNY"), t.total());
    }

    @Test
    void withoutADiscountTheTotalsAreAsBefore() {
        RateTable.Rate beijing = RateTable.defaults().find("CN", "CN-BJ", "CNY").orElseThrow();
        Totals plain = Totals.of(List.of(Money.of(9_000, "CNY")), 3, beijing);
        assertEquals(Money.zero("CNY"), plain.discount());
        assertEquals(Money.of(9_000 + 900 + 1_170, "CNY"), plain.total());
    }
}
