package org.trustmall.privacy.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * ε arithmetic is exact: sums equal the exact decimal sums, subtraction undoes addition, text round-trips, and a
 * budget is spent to exactly its total — no double rounding leaves a sliver or refuses the last query that fits.
 */
class EpsilonPropertiesTest {

    @Provide
    Arbitrary<BigDecimal> decimals() {
        return Arbitraries.bigDecimals().between(new BigDecimal("0.000001"), new BigDecimal("10")).ofScale(6);
    }

    @Property(tries = 300)
    void aSumOfEpsilonsIsTheExactDecimalSum(@ForAll @Size(max = 50) List<@net.jqwik.api.From("decimals") BigDecimal> parts) {
        Epsilon sum = Epsilon.ZERO;
        BigDecimal exact = BigDecimal.ZERO;
        for (BigDecimal p : parts) {
            sum = sum.plus(Epsilon.of(p));
            exact = exact.add(p);
        }
        assertEquals(0, sum.toBigDecimal().compareTo(exact), "sum " + exact);
        assertEquals(Epsilon.of(exact), sum);
    }

    @Property(tries = 300)
    void subtractionUndoesAdditionAndOrderAgreesWithTheDecimals(@ForAll("decimals") BigDecimal a,
                                                                 @ForAll("decimals") BigDecimal b) {
        Epsilon x = Epsilon.of(a);
        Epsilon y = Epsilon.of(b);
        assertEquals(x, x.plus(y).minus(y));
        assertEquals(Integer.signum(a.compareTo(b)), Integer.signum(x.compareTo(y)));
        assertEquals(x.plus(y), y.plus(x));
    }

    @Property(tries = 300)
    void textRoundTripsInBothForms(@ForAll("decimals") BigDecimal a, @ForAll @net.jqwik.api.constraints.IntRange(
            min = 1, max = 1000) int divisor) {
        Epsilon x = Epsilon.of(a).dividedBy(divisor);
        assertEquals(x, Epsilon.parse(x.toString()));
        assertEquals(x, Epsilon.parse(x.toFraction()));
    }

    @Property(tries = 200)
    void aBudgetIsSpentToExactlyItsTotalAndARefusalSpendsNothing(@ForAll("decimals") BigDecimal total,
                                                                  @ForAll @Size(min = 1, max = 200)
                                                                  List<@net.jqwik.api.From("decimals") BigDecimal> asks) {
        PrivacyBudget budget = PrivacyBudget.of(Epsilon.of(total));
        BigDecimal spent = BigDecimal.ZERO;
        for (BigDecimal ask : asks) {
            boolean fits = spent.add(ask).compareTo(total) <= 0;
            PrivacyBudget before = budget;
            switch (budget.charge(Epsilon.of(ask))) {
                case PrivacyBudget.Granted g -> {
                    assertTrue(fits, "granted beyond the total");
                    budget = g.after();
                    spent = spent.add(ask);
                }
                case PrivacyBudget.Refused r -> {
                    assertTrue(!fits, "refused although it fits: " + r.reason());
                    assertEquals(before, budget);
                }
            }
            assertEquals(Epsilon.of(spent), budget.spent());
            assertEquals(Epsilon.of(total.subtract(spent)), budget.remaining());
        }
    }

    @Example
    void spendingOneTenthTenTimesExhaustsABudgetOfOneExactly() {
        PrivacyBudget budget = PrivacyBudget.of(Epsilon.parse("1.0"));
        for (int i = 0; i < 10; i++) {
            budget = assertInstanceOf(PrivacyBudget.Granted.class, budget.charge(Epsilon.parse("0.1"))).after();
        }
        assertEquals(Epsilon.parse("1"), budget.spent());
        assertTrue(budget.remaining().isZero());
        PrivacyBudget.Refused refused = assertInstanceOf(PrivacyBudget.Refused.class,
                budget.charge(Epsilon.parse("0.000001")));
        assertTrue(refused.reason().contains("0 of 1 remains"), refused.reason());
        // With doubles the same ten steps leave 0.9999999999999999 spent: exactly the sliver this type avoids.
        double d = 0;
        for (int i = 0; i < 10; i++) {
            d += 0.1;
        }
        assertTrue(d != 1.0);
    }

    @Example
    void onlyPlainDecimalsAndFractionsAreRead() {
        assertEquals(Epsilon.of(1, 10), Epsilon.parse("0.1"));
        assertEquals(Epsilon.of(1, 3), Epsilon.parse("2/6"));
        assertEquals("1/3", Epsilon.of(2, 6).toString());
        assertEquals("0.25", Epsilon.of(1, 4).toString());
        assertEquals("10", Epsilon.parse("10.000").toString());
        for (String bad : new String[] {"", "-1", "1e-3", " 1", "0.1 ", "1/0", "NaN", "Infinity", ".5", "1.",
            "0x10", "１"}) {
            assertThrows(IllegalArgumentException.class, () -> Epsilon.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Epsilon.parse(null));
        assertThrows(IllegalArgumentException.class, () -> Epsilon.of(1, 3).minus(Epsilon.of(1, 2)));
        assertThrows(ArithmeticException.class, () -> Epsilon.of(1, 3).toBigDecimal());
    }
}
