package org.trustmall.commerce.returns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** What returns refund: the goods' price and tax share, shipping with the last units, never more than was paid. */
class ReturnRefundsTest {
    // 2 × 39 900 + 3 × 1 999 = 85 797 goods; 13 % tax = 11 153.61 → 11 154; shipping 600 + 5 × 100.
    private static final ReturnRefunds ORDER = new ReturnRefunds(85_797, 0, 11_154, 98_051);

    @Test
    void aPartialReturnRefundsThePriceAndTheTaxShareRoundedHalfUp() {
        // 11 154 × 1 999 / 85 797 = 259.87… → 260
        assertEquals(1_999 + 260, ORDER.refund(0, 1_999, false, 0));
        // Cumulatively: tax(41 899) − tax(1 999) = 5 447 − 260 (11 154 × 41 899 / 85 797 = 5 447.0…)
        assertEquals(39_900 + 5_447 - 260, ORDER.refund(1_999, 39_900, false, 2_259));
    }

    @Test
    void theLastUnitsRefundExactlyWhatIsLeftShippingIncluded() {
        long first = ORDER.refund(0, 1_999, false, 0);
        long rest = ORDER.refund(1_999, 85_797 - 1_999, true, first);
        assertEquals(98_051, first + rest);
        assertEquals(98_051, ORDER.refund(0, 85_797, true, 0), "a full return is the whole total");
    }

    @Test
    void aRefundNeverExceedsWhatIsLeftAfterEarlierRefunds() {
        // A dispute refunded 97 000 already: only 1 051 is left to give back.
        assertEquals(1_051, ORDER.refund(0, 39_900, false, 97_000));
        assertEquals(0, ORDER.refund(0, 1_999, false, 98_051));
    }

    @Test
    void impossibleFiguresAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ORDER.refund(85_000, 1_999, false, 0));
        assertThrows(IllegalArgumentException.class, () -> ORDER.refund(0, 1, false, 98_052));
        assertThrows(IllegalArgumentException.class, () -> new ReturnRefunds(0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReturnRefunds(100, 0, 13, 112));
    }

    @Test
    void withACouponTheRefundIsWhatWasPaidForTheGoodsNotTheirListPrice() {
        // 10 000 of goods, 1 500 off (15 %), 13 % tax on the 8 500 paid = 1 105, shipping 600: total 10 205.
        ReturnRefunds discounted = new ReturnRefunds(10_000, 1_500, 1_105, 10_205);
        // 2 500 of goods back: 2 500 − 375 discount share + 276.25 → 276 tax share.
        assertEquals(2_500 - 375 + 276, discounted.refund(0, 2_500, false, 0));
        assertEquals(10_205, discounted.refund(0, 10_000, true, 0), "all of it back is the whole total");
        assertThrows(IllegalArgumentException.class, () -> new ReturnRefunds(100, 101, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReturnRefunds(100, 50, 7, 56));
    }

    /**
     * Any order, its units returned in any number of partial returns in any order: every refund is ≥ 0, the
     * refunds never add up to more than the total, and once every unit is back they add up to exactly the total.
     */
    @Property(tries = 500)
    void partialReturnsAddUpToAtMostTheTotalAndToTheTotalWhenEverythingIsBack(
            @ForAll @IntRange(min = 1, max = 5) int lineCount, @ForAll @IntRange(min = 0, max = 10_000) int taxBp,
            @ForAll @LongRange(min = 0, max = 5_000) long shipping, @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 1) int stopEarly, @ForAll @IntRange(min = 0, max = 100) int percentOff) {
        Random random = new Random(seed);
        long[] price = new long[lineCount];
        int[] units = new int[lineCount];
        long subtotal = 0;
        for (int i = 0; i < lineCount; i++) {
            price[i] = 1 + random.nextInt(1_000_000);
            units[i] = 1 + random.nextInt(9);
            subtotal += price[i] * units[i];
        }
        long discount = (subtotal * percentOff + 50) / 100;
        long tax = ((subtotal - discount) * taxBp + 5_000) / 10_000;
        long total = subtotal - discount + shipping + tax;
        ReturnRefunds order = new ReturnRefunds(subtotal, discount, tax, total);
        // Every unit, as (line) entries, shuffled, then cut into batches.
        List<Integer> unitsLeft = new ArrayList<>();
        for (int i = 0; i < lineCount; i++) {
            for (int u = 0; u < units[i]; u++) {
                unitsLeft.add(i);
            }
        }
        java.util.Collections.shuffle(unitsLeft, random);
        long refunded = 0;
        long goodsBack = 0;
        int back = 0;
        int allUnits = unitsLeft.size();
        while (back < allUnits) {
            int batch = 1 + random.nextInt(allUnits - back);
            long goods = 0;
            for (int k = 0; k < batch; k++) {
                goods += price[unitsLeft.get(back + k)];
            }
            back += batch;
            if (stopEarly == 1 && back == allUnits) {
                break; // leave the last batch out: never everything back
            }
            long r = order.refund(goodsBack, goods, back == allUnits, refunded);
            assertTrue(r >= 0, "a refund is never negative");
            goodsBack += goods;
            refunded += r;
            assertTrue(refunded <= total, () -> "refunds exceed the total");
        }
        if (back == allUnits && stopEarly == 0) {
            assertEquals(total, refunded);
        } else {
            assertTrue(refunded <= subtotal - discount + tax, "shipping is refunded only with the last units");
        }
    }
}
