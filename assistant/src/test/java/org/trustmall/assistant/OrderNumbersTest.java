package org.trustmall.assistant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class OrderNumbersTest {

    @Property
    void anOrderNamedInEitherLanguageIsFound(@ForAll @LongRange(min = 1, max = 999_999_999_999L) long n) {
        assertEquals(OptionalLong.of(n), OrderNumbers.find("where is order " + n + " please"));
        assertEquals(OptionalLong.of(n), OrderNumbers.find("Order #" + n + " hasn't arrived, 3 days late"));
        assertEquals(OptionalLong.of(n), OrderNumbers.find("我的订单" + n + "到哪了"));
        assertEquals(OptionalLong.of(n), OrderNumbers.find("请取消" + n + "号订单"));
        assertEquals(OptionalLong.of(n), OrderNumbers.find("订单号：" + n));
    }

    @Test
    void aLoneNumberIsTakenButQuantitiesPricesAndTwoNumbersAreNot() {
        assertEquals(OptionalLong.of(42), OrderNumbers.find("where is 42"));
        assertEquals(OptionalLong.empty(), OrderNumbers.find("I waited 5 days"));
        assertEquals(OptionalLong.empty(), OrderNumbers.find("it cost 12.50"));
        assertEquals(OptionalLong.empty(), OrderNumbers.find("买了3件"));
        assertEquals(OptionalLong.empty(), OrderNumbers.find("is it 12 or 13"));
        assertEquals(OptionalLong.empty(), OrderNumbers.find("where is my parcel"));
        assertEquals(OptionalLong.empty(), OrderNumbers.find("send it to 221B Baker Street"));
        assertEquals(OptionalLong.empty(), OrderNumbers.find("call me on 13812345678"));
        assertEquals(OptionalLong.empty(), OrderNumbers.find("call me on +44-20-7946"));
    }
}
