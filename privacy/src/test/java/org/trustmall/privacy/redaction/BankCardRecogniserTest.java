package org.trustmall.privacy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BankCardRecogniserTest {

    private static String luhn(String payload) {
        return payload + Luhn.checkDigit(payload);
    }

    @Test
    void luhnAcceptsTheNetworksTestNumbersAndNothingOneDigitOff() {
        for (String n : List.of("4111111111111111", "5500000000000004", "378282246310005", "6011111111111117",
                "3530111333300000", "79927398713")) {
            assertTrue(Luhn.valid(n), n);
            String off = n.substring(0, n.length() - 1) + (char) ('0' + (n.charAt(n.length() - 1) - '0' + 1) % 10);
            assertFalse(Luhn.valid(off), off);
        }
        assertEquals('3', Luhn.checkDigit("7992739871"));
    }

    @ParameterizedTest(name = "{0} holds {1}")
    @CsvSource(delimiter = '|', value = {
            "paid with 4111111111111111.|4111111111111111",
            "paid with 4111 1111 1111 1111 today|4111 1111 1111 1111",
            "card 5500-0000-0000-0004|5500-0000-0000-0004",
            "amex 378282246310005|378282246310005",
            "amex 3782 822463 10005|3782 822463 10005",
            "discover 6011111111111117|6011111111111117",
            "jcb 3530111333300000|3530111333300000",
            "卡号4111111111111111已扣款|4111111111111111",
            "card 4111 1111 1111 1111 2026|4111 1111 1111 1111",
            "in 2026 4111 1111 1111 1111|4111 1111 1111 1111",
    })
    void findsCardsTogetherGroupedAndBesideOtherNumbers(String text, String card) {
        assertEquals(List.of(card), Found.of(EntityType.BANK_CARD, text));
    }

    @Test
    void findsNineteenDigitUnionPayCardsTogetherAndGrouped() {
        String card = luhn("621700123456789012");
        assertEquals(List.of(card), Found.of(EntityType.BANK_CARD, "银行卡" + card));
        String grouped = card.replaceAll("(\\d{4})(?=\\d)", "$1 ");
        assertEquals(List.of(grouped), Found.of(EntityType.BANK_CARD, "card " + grouped + "."));
    }

    @ParameterizedTest(name = "no card in {0}")
    @ValueSource(strings = {
            "4111111111111112",            // fails Luhn
            "4111 1111 1111 1112",         // fails Luhn, grouped
            "1234567812345670",            // passes Luhn, but no network issues cards starting with 1
            "order 202611290001234567",    // a date-first order number
            "ISBN 9787111544937",          // 978 prefix
            "SF1234567890123",             // glued to letters
            "41111111111",                 // too short
            "41111111111111111111",        // too long
    })
    void findsNoCardInLookAlikes(String text) {
        assertEquals(List.of(), Found.of(EntityType.BANK_CARD, text));
    }

    @Test
    void anEighteenDigitNumberShapedLikeAnIdIsNeverACard() {
        // A Gansu (62) region code and a 1990 birth year, digits chosen so Luhn passes and the ID check digit fails.
        String idShaped = null;
        for (int i = 0; i < 1000 && idShaped == null; i++) {
            String candidate = luhn("62010219900307" + String.format("%03d", i));
            if (!ResidentIds.isValid(candidate)) {
                idShaped = candidate;
            }
        }
        assertTrue(Luhn.valid(idShaped) && BankCardRecogniser.plausibleIssuer(idShaped));
        assertEquals(List.of(), Found.of(EntityType.BANK_CARD, "number " + idShaped));
        assertEquals(List.of(), Found.of(EntityType.ID_CARD, "number " + idShaped));
    }

    @Test
    void theGroupsOfARejectedNumberAreNotSearchedForAShorterCard() {
        // The last twelve digits form a number that passes Luhn with a UnionPay prefix; the whole does not.
        String tail = luhn("62220212345");
        String whole = "4000" + tail;
        assertFalse(Luhn.valid(whole));
        String grouped = whole.replaceAll("(\\d{4})(?=\\d)", "$1 ");
        assertEquals(List.of(), Found.of(EntityType.BANK_CARD, "serial " + grouped));
    }
}
