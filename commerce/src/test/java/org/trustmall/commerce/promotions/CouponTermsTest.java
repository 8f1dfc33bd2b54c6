package org.trustmall.commerce.promotions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.promotions.CouponTerms.Kind;

class CouponTermsTest {
    static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

    static CouponTerms percent(int p) {
        return new CouponTerms(Kind.PERCENT, p, null, "CNY", Money.zero("CNY"), START, null);
    }

    static CouponTerms amount(long minor) {
        return new CouponTerms(Kind.AMOUNT, null, Money.of(minor, "CNY"), "CNY", Money.zero("CNY"), START, null);
    }

    static Money cny(long minor) {
        return Money.of(minor, "CNY");
    }

    @Test
    void aPercentageRoundsHalfUpToTheMinorUnit() {
        assertEquals(cny(50), percent(15).discountOn(cny(333)), "49.95 rounds up");
        assertEquals(cny(50), percent(15).discountOn(cny(330)), "49.5 rounds up");
        assertEquals(cny(49), percent(15).discountOn(cny(327)), "49.05 rounds down");
        assertEquals(cny(0), percent(10).discountOn(cny(4)), "0.4 rounds to nothing");
        assertEquals(cny(999), percent(100).discountOn(cny(999)), "100 % is everything");
    }

    @Test
    void aFixedAmountIsCappedAtTheEligibleGoods() {
        assertEquals(cny(500), amount(500).discountOn(cny(2_000)));
        assertEquals(cny(300), amount(500).discountOn(cny(300)));
        assertEquals(cny(0), amount(500).discountOn(cny(0)));
    }

    @Test
    void aCouponAppliesOnlyInsideItsWindowAndAboveItsMinimumSpend() {
        CouponTerms t = new CouponTerms(Kind.AMOUNT, null, cny(500), "CNY", cny(3_000), START,
                START.plus(Duration.ofDays(7)));
        assertInstanceOf(CouponTerms.Refused.class, t.apply("C", START.minusMillis(1), cny(5_000)));
        assertEquals(new CouponTerms.Discounted(cny(500)), t.apply("C", START, cny(5_000)));
        assertEquals(new CouponTerms.Discounted(cny(500)), t.apply("C", START.plus(Duration.ofDays(7))
                .minusMillis(1), cny(3_000)), "the minimum itself is enough");
        assertInstanceOf(CouponTerms.Refused.class, t.apply("C", START.plus(Duration.ofDays(7)), cny(5_000)),
                "validUntil is exclusive");
        CouponTerms.Refused below = assertInstanceOf(CouponTerms.Refused.class, t.apply("C", START, cny(2_999)));
        assertTrue(below.reason().contains("3000 CNY"), below.reason());
    }

    @Test
    void termsThatCannotBeAreRefusedOnConstruction() {
        assertThrows(IllegalArgumentException.class, () -> percent(0));
        assertThrows(IllegalArgumentException.class, () -> percent(101));
        assertThrows(IllegalArgumentException.class, () -> amount(0));
        assertThrows(IllegalArgumentException.class, () -> new CouponTerms(Kind.AMOUNT, null,
                Money.of(100, "USD"), "CNY", cny(0), START, null));
        assertThrows(IllegalArgumentException.class, () -> new CouponTerms(Kind.PERCENT, 10, null, "CNY", cny(0),
                START, START));
        assertThrows(IllegalArgumentException.class, () -> percent(10).discountOn(Money.of(100, "USD")));
    }

    @Test
    void codesAreUpperCasedAndLimitedToAPlainAlphabet() {
        assertEquals("SPRING-10_A", CouponCode.normalise("code", " spring-10_a "));
        for (String bad : new String[] {null, "", "AB", "X".repeat(33), "HAS SPACE", "ÉTÉ", "SPRİNG", "ſALE"}) {
            assertEquals("code", assertThrows(CommerceException.InvalidInput.class,
                    () -> CouponCode.normalise("code", bad)).field(), bad);
        }
    }

    @Property
    void aDiscountIsNeverNegativeNorMoreThanTheEligibleGoods(
            @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long eligible,
            @ForAll @IntRange(min = 1, max = 100) int percent,
            @ForAll @LongRange(min = 1, max = 1_000_000_000_000L) long amount) {
        Money goods = cny(eligible);
        for (CouponTerms t : new CouponTerms[] {percent(percent), amount(amount)}) {
            Money d = t.discountOn(goods);
            assertTrue(d.minor() >= 0 && d.minor() <= eligible, () -> t + " on " + goods + " gave " + d);
        }
        assertEquals(Math.min(amount, eligible), amount(amount).discountOn(goods).minor());
        // The percentage against exact decimal arithmetic.
        long exact = BigDecimal.valueOf(eligible).multiply(BigDecimal.valueOf(percent))
                .divide(BigDecimal.valueOf(100)).setScale(0, RoundingMode.HALF_UP).longValueExact();
        assertEquals(exact, percent(percent).discountOn(goods).minor());
    }
}
