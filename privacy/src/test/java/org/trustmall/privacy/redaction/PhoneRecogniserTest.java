package org.trustmall.privacy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneRecogniserTest {

    @ParameterizedTest(name = "{0} holds {1}")
    @CsvSource(delimiter = '|', value = {
            "call 13812345678 now|13812345678",
            "call 138-1234-5678 now|138-1234-5678",
            "call 138 1234 5678 now|138 1234 5678",
            "tel +86 13812345678|+86 13812345678",
            "tel +8613812345678.|+8613812345678",
            "tel 0086 13812345678|0086 13812345678",
            "tel (+86) 138 1234 5678|(+86) 138 1234 5678",
            "手机13812345678，谢谢|13812345678",
            "手机号：199 8765 4321。|199 8765 4321",
            "office 010-62345678|010-62345678",
            "座机(021) 62345678|(021) 62345678",
            "座机0755-86001234转|0755-86001234",
            "座机05712345678|05712345678",
            "from abroad +86 10 62345678|+86 10 62345678",
            "call (415) 555-0132|(415) 555-0132",
            "call 415-555-0132|415-555-0132",
            "call +1 415 555 0132|+1 415 555 0132",
            "call 1-800-555-0199|1-800-555-0199",
            "London +44 20 7946 0958|+44 20 7946 0958",
            "Tokyo +81 3-1234-5678|+81 3-1234-5678",
            "Berlin +49 30 12345678 2026|+49 30 12345678",
    })
    void findsTheNumberInTheShapesPeopleWriteIt(String text, String phone) {
        assertEquals(List.of(phone), Found.of(EntityType.PHONE, text));
    }

    @ParameterizedTest(name = "no phone in {0}")
    @ValueSource(strings = {"12345678901", "no mobile starts 10012345678", "1381234567", "138123456789",
            "tracking SF13812345678", "ORD-13812345678", "ratio 3.13812345678", "order 2026-11-29 13:45:07",
            "hotline 10086 or 95588", "123-456-7890", "555-123-4567", "epoch 1764403200", "1764403200123",
            "card 5163 0496 8644 0104", "+5 points", "ISBN 978-7-111-54493-7", "价格13812元", "v10.0.19045"})
    void findsNoPhoneInLookAlikes(String text) {
        assertEquals(List.of(), Found.of(EntityType.PHONE, text));
    }
}
