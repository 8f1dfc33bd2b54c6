package org.trustmall.assistant.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class KeywordTokensTest {

    /** Text made of Han runs, Latin words and separators, with the runs and words it was made from. */
    record Mixed(String text, List<String> hanRuns, List<String> latinWords) {
    }

    @Provide
    Arbitrary<Mixed> mixed() {
        Arbitrary<String> han = Arbitraries.strings().withCharRange('\u4e00', '\u9fa5').ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> latin = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> separator = Arbitraries.of(" ", "，", "。", "? ", "-", "  ", "\n", "、", "（", "）");
        return Combinators.combine(han.list().ofMinSize(1).ofMaxSize(5), latin.list().ofMaxSize(4),
                separator.list().ofMinSize(10).ofMaxSize(10)).as((runs, words, seps) -> {
                    StringBuilder text = new StringBuilder();
                    int s = 0;
                    for (int i = 0; i < Math.max(runs.size(), words.size()); i++) {
                        if (i < runs.size()) {
                            text.append(runs.get(i)).append(seps.get(s++ % seps.size()));
                        }
                        if (i < words.size()) {
                            text.append(words.get(i)).append(seps.get(s++ % seps.size()));
                        }
                    }
                    return new Mixed(text.toString(), runs, words);
                });
    }

    @Property
    void everyBigramOfAHanRunAppearsAndLatinWordsAreKept(@ForAll("mixed") Mixed m) {
        List<String> tokens = KeywordTokens.chinese(m.text());
        for (String run : m.hanRuns()) {
            for (int i = 0; i + 1 < run.length(); i++) {
                String bigram = run.substring(i, i + 2);
                assertTrue(tokens.contains(bigram), "bigram " + bigram + " of " + m.text() + " in " + tokens);
            }
        }
        for (String word : m.latinWords()) {
            assertTrue(tokens.contains(word.toLowerCase(Locale.ROOT)), word + " of " + m.text() + " in " + tokens);
        }
    }

    @Property
    void noTokenCrossesASeparatorOrJoinsHanAndLatin(@ForAll("mixed") Mixed m) {
        for (String t : KeywordTokens.chinese(m.text())) {
            boolean han = t.codePoints().allMatch(KeywordTokens::isHan);
            boolean latin = t.codePoints().allMatch(Character::isLetterOrDigit) && t.codePoints()
                    .noneMatch(KeywordTokens::isHan);
            assertTrue(han && t.codePointCount(0, t.length()) <= 2 || latin, "token '" + t + "'");
        }
    }

    @Test
    void chineseTextGivesUnigramsAndBigramsOfItsRunsWithLatinWordsBetween() {
        assertEquals(List.of("退", "退款", "款", "iphone", "15", "的订", "订", "订单", "单"),
                KeywordTokens.chinese("退款iPhone 15的订单"));
    }

    @Test
    void englishInflectionsOfAWordMeet() {
        assertEquals(KeywordTokens.english("cancel"), KeywordTokens.english("cancelled"));
        assertEquals(KeywordTokens.english("cancel"), KeywordTokens.english("cancelling"));
        assertEquals(KeywordTokens.english("cancel"), KeywordTokens.english("cancellation"));
        assertEquals(KeywordTokens.english("ship"), KeywordTokens.english("shipping"));
        assertEquals(KeywordTokens.english("refund"), KeywordTokens.english("Refunds"));
        assertEquals(KeywordTokens.english("delivery"), KeywordTokens.english("deliveries"));
        assertEquals(KeywordTokens.english("address"), KeywordTokens.english("addresses"));
        assertEquals(KeywordTokens.english("decline"), KeywordTokens.english("declined"));
    }

    @Test
    void englishStopWordsAndPunctuationAreDropped() {
        assertEquals(List.of("parcel"), KeywordTokens.english("Where is my parcel?!"));
    }

    @Test
    void aQuestionsSearchTermsAreItsContentWordsAndHanBigramsEachOnce() {
        assertEquals(List.of("sell", "kettle", "boil", "water"),
                KeywordTokens.searchTerms("Do you sell a kettle to boil water? A kettle!"));
        assertEquals(List.of("蓝牙", "牙耳", "耳机", "sony"), KeywordTokens.searchTerms("有蓝牙耳机吗？Sony的"));
        assertEquals(List.of(), KeywordTokens.searchTerms("what is it?"));
    }
}
