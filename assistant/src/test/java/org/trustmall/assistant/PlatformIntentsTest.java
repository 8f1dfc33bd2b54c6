package org.trustmall.assistant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.trustmall.ai.intent.IntentExample;

/** The bundled training examples of the platform's intents, and how a bad row of such a resource is reported. */
class PlatformIntentsTest {
    private static final PlatformIntents BUNDLED = PlatformIntents.bundled();

    @Test
    void theIntentsAreExactlyThePlatformsFourteen() {
        assertEquals(List.of("order_status", "shipment_tracking", "return_refund", "cancel_order", "change_address",
                "payment_problem", "product_question", "complaint", "privacy_export", "privacy_erasure",
                "privacy_consent", "talk_to_human", "greeting", "thanks"), List.copyOf(BUNDLED.intents()));
    }

    @Test
    void eachLanguageHasAtLeastFortyExamplesOfEveryIntentAndOneHundredFiftyOutOfScope() {
        for (String lang : PlatformIntents.LANGUAGES) {
            Map<String, Long> counts = BUNDLED.examples(lang).stream()
                    .collect(Collectors.groupingBy(IntentExample::label, TreeMap::new, Collectors.counting()));
            assertEquals(BUNDLED.intents(), counts.keySet(), lang);
            counts.forEach((intent, n) -> assertTrue(n >= 40, lang + " " + intent + ": only " + n + " examples"));
            int oos = BUNDLED.outOfScope(lang).size();
            assertTrue(oos >= 150, lang + ": only " + oos + " out-of-scope examples");
        }
    }

    @Test
    void noTextAppearsTwiceInALanguageEvenInAnotherCaseOrPunctuation() {
        for (String lang : PlatformIntents.LANGUAGES) {
            List<String> texts = allTexts(lang);
            Map<String, List<String>> byForm = texts.stream()
                    .collect(Collectors.groupingBy(PlatformIntents::comparable));
            byForm.values().forEach(same -> assertEquals(1, same.size(), lang + " repeats " + same));
        }
    }

    @Test
    void noTextIsTaughtAsTwoIntents() {
        for (String lang : PlatformIntents.LANGUAGES) {
            Map<String, Set<String>> labels = new HashMap<>();
            BUNDLED.examples(lang).forEach(e -> labels.computeIfAbsent(e.text(), t -> new LinkedHashSet<>())
                    .add(e.label()));
            BUNDLED.outOfScope(lang).forEach(t -> labels.computeIfAbsent(t, x -> new LinkedHashSet<>())
                    .add(PlatformIntents.OUT_OF_SCOPE));
            labels.forEach((text, ls) -> assertEquals(1, ls.size(), lang + " '" + text + "' is " + ls));
        }
    }

    @Test
    void chineseRowsAreWrittenInChineseAndEnglishRowsInEnglish() {
        for (String text : allTexts("zh")) {
            assertTrue(text.codePoints().anyMatch(PlatformIntentsTest::isHan), () -> "zh without Chinese: " + text);
        }
        for (String text : allTexts("en")) {
            assertTrue(text.codePoints().noneMatch(PlatformIntentsTest::isHan), () -> "en with Chinese: " + text);
        }
    }

    @Test
    void anUnknownLanguageIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BUNDLED.examples("fr"));
        assertTrue(e.getMessage().contains("'fr'"), e.getMessage());
    }

    @Test
    void aWellFormedResourceIsReadRowByRow() throws Exception {
        PlatformIntents.Language l = PlatformIntents.read("x.tsv", new StringReader(valid() + "\n"));
        assertEquals(BUNDLED.intents().size(), l.examples().size());
        assertEquals(new IntentExample("text of order_status", "order_status"), l.examples().getFirst());
        assertEquals(List.of("what is the weather"), l.outOfScope());
    }

    @Test
    void aMissingOrWrongHeaderIsRowOne() {
        assertInvalid("text\tintent\n" + body(), 1, "header");
        assertInvalid("", 1, "header");
    }

    @Test
    void aRowWithoutExactlyTwoColumnsIsNamed() {
        assertInvalid(valid() + "\ngreeting\thi\textra", 17, "expected 2 tab-separated columns");
        assertInvalid(valid() + "\ngreeting hi", 17, "found 1");
    }

    @Test
    void anUnknownIntentIsNamed() {
        assertInvalid(valid() + "\nrefund\tgive me my money", 17, "unknown intent 'refund'");
    }

    @Test
    void anEmptyTextIsNamed() {
        assertInvalid(valid() + "\ngreeting\t   ", 17, "the text is empty");
    }

    @Test
    void aTextRepeatedInAnotherIntentNamesBothRows() {
        // Row 2 is order_status's text; the same words in another case and with punctuation teach another intent.
        assertInvalid(valid() + "\ncomplaint\tText of ORDER_STATUS!", 17, "repeats row 2");
    }

    @Test
    void anIntentWithoutExamplesIsNamed() {
        String withoutThanks = valid().lines().filter(l -> !l.startsWith("thanks\t"))
                .collect(Collectors.joining("\n"));
        assertInvalid(withoutThanks, 0, "no examples for thanks");
    }

    private static void assertInvalid(String tsv, int row, String reason) {
        PlatformIntents.InvalidRow e = assertThrows(PlatformIntents.InvalidRow.class,
                () -> PlatformIntents.read("zh.tsv", new StringReader(tsv)));
        assertEquals("zh.tsv", e.resource());
        assertEquals(row, e.row(), e.getMessage());
        assertTrue(e.getMessage().startsWith("zh.tsv" + (row > 0 ? " row " + row + ": " : ": ")), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    /** A valid resource: the header (row 1), one example per intent (rows 2 to 15), one out of scope (row 16). */
    private static String valid() {
        return "intent\ttext\n" + body();
    }

    private static String body() {
        List<String> rows = new ArrayList<>();
        for (String intent : BUNDLED.intents()) {
            rows.add(intent + "\ttext of " + intent);
        }
        rows.add(PlatformIntents.OUT_OF_SCOPE + "\twhat is the weather");
        return String.join("\n", rows);
    }

    private static List<String> allTexts(String lang) {
        List<String> texts = new ArrayList<>();
        BUNDLED.examples(lang).forEach(e -> texts.add(e.text()));
        texts.addAll(BUNDLED.outOfScope(lang));
        return texts;
    }

    private static boolean isHan(int cp) {
        return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
    }
}
