package org.trustmall.privacy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdCardRecogniserTest {
    /** The worked examples of GB 11643-1999. */
    private static final String STANDARD_EXAMPLE = "11010519491231002X";
    private static final String SECOND_EXAMPLE = "440524188001010014";

    private static String valid(String first17) {
        return first17 + ResidentIds.checkDigit(first17);
    }

    @Test
    void theCheckDigitIsIso7064Mod112AsTheStandardsExamplesShow() {
        assertEquals('X', ResidentIds.checkDigit(STANDARD_EXAMPLE.substring(0, 17)));
        assertEquals('4', ResidentIds.checkDigit(SECOND_EXAMPLE.substring(0, 17)));
        assertTrue(ResidentIds.isValid(STANDARD_EXAMPLE));
        assertTrue(ResidentIds.isValid(STANDARD_EXAMPLE.toLowerCase()));
    }

    @Test
    void findsValidIdsWrittenTogetherInGroupsAndInChineseText() {
        String id = valid("31010419900307123");
        assertEquals(List.of(id), Found.of(EntityType.ID_CARD, "ID " + id + "."));
        assertEquals(List.of(id), Found.of(EntityType.ID_CARD, "身份证号" + id + "，请核对"));
        String grouped = id.substring(0, 6) + " " + id.substring(6, 14) + " " + id.substring(14);
        assertEquals(List.of(grouped), Found.of(EntityType.ID_CARD, "证件 " + grouped));
        assertEquals(List.of("11010519491231002x"), Found.of(EntityType.ID_CARD, "id 11010519491231002x"));
    }

    @ParameterizedTest(name = "no ID in {0}")
    @ValueSource(strings = {
            "11010519491231002Y",   // not a check character
            "110105194912310021",   // wrong check digit
            "202611290001234567",   // an order number: no such region
            "110105194913310021",   // a thirteenth month (the check digit is right for these 17 digits)
            "99010519491231002X",   // no such province
            "1101051949123100",     // too short
            "1101051949123100211",  // too long
            "NO11010519491231002X", // glued to letters
    })
    void findsNoIdInLookAlikes(String text) {
        assertEquals(List.of(), Found.of(EntityType.ID_CARD, text));
    }

    @Test
    void theThirteenthMonthLookAlikeReallyHasItsCheckDigitRight() {
        String first17 = "11010519491331002";
        assertEquals('1', ResidentIds.checkDigit(first17));
        assertFalse(ResidentIds.isValid(first17 + "1"));
    }
}
