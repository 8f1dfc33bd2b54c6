package org.trustmall.commerce.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Property
    void timesBasisPointsRoundsHalfAwayFromZeroExactly(@ForAll @LongRange(min = -1_000_000_000_000L,
            max = 1_000_000_000_000L) long minor, @ForAll @IntRange(min = 0, max = 10_000) int basisPoints) {
        // The reference is exact decimal arithmetic; Money itself never leaves long integers.
        BigDecimal exact = BigDecimal.valueOf(minor).multiply(BigDecimal.valueOf(basisPoints))
                .divide(BigDecimal.valueOf(10_000));
        long expected = exact.setScale(0, RoundingMode.HALF_UP).longValueExact();
        assertEquals(expected, Money.of(minor, "CNY").timesBasisPoints(basisPoints).minor());
    }

    @Property
    void additionIsAssociativeAndSubtractionUndoesIt(@ForAll @LongRange(min = -1_000_000_000_000_000L,
            max = 1_000_000_000_000_000L) long a, @ForAll @LongRange(min = -1_000_000_000_000_000L,
            max = 1_000_000_000_000_000L) long b, @ForAll @LongRange(min = -1_000_000_000_000_000L,
            max = 1_000_000_000_000_000L) long c) {
        Money x = Money.of(a, "USD");
        Money y = Money.of(b, "USD");
        Money z = Money.of(c, "USD");
        assertEquals(x.plus(y).plus(z), x.plus(y.plus(z)));
        assertEquals(x.minus(y).minus(z), x.minus(y.plus(z)));
        assertEquals(x, x.plus(y).minus(y));
    }

    @Property
    void timesIsRepeatedAddition(@ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long minor,
                                 @ForAll @IntRange(min = 0, max = 50) int quantity) {
        Money sum = Money.zero("EUR");
        for (int i = 0; i < quantity; i++) {
            sum = sum.plus(Money.of(minor, "EUR"));
        }
        assertEquals(sum, Money.of(minor, "EUR").times(quantity));
    }

    @Property
    void overflowIsAnErrorNeverAWrongAmount(@ForAll long a, @ForAll long b) {
        BigInteger exact = BigInteger.valueOf(a).add(BigInteger.valueOf(b));
        if (exact.bitLength() < 64) {
            assertEquals(exact.longValueExact(), Money.of(a, "CNY").plus(Money.of(b, "CNY")).minor());
        } else {
            assertThrows(ArithmeticException.class, () -> Money.of(a, "CNY").plus(Money.of(b, "CNY")));
        }
    }

    @Test
    void thirteenPercentOfAnAmountIsRoundedToTheFen() {
        assertEquals(130, Money.of(1000, "CNY").timesBasisPoints(1300).minor());
        assertEquals(2, Money.of(15, "CNY").timesBasisPoints(1300).minor()); // 1.95 → 2
        assertEquals(2, Money.of(10, "CNY").timesBasisPoints(1500).minor()); // 1.5 → 2
        assertEquals(-2, Money.of(-10, "CNY").timesBasisPoints(1500).minor()); // -1.5 → -2, away from zero
        assertEquals(1, Money.of(14, "CNY").timesBasisPoints(1000).minor()); // 1.4 → 1
    }

    @Test
    void currenciesDoNotMix() {
        assertThrows(IllegalArgumentException.class, () -> Money.of(1, "CNY").plus(Money.of(1, "USD")));
        assertThrows(IllegalArgumentException.class, () -> Money.of(1, "CNY").compareTo(Money.of(1, "USD")));
        assertThrows(IllegalArgumentException.class, () -> Money.of(1, "yuan"));
    }
}
