package org.trustmall.assistant.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trustmall.ai.text.Encoders;

/**
 * The shipped documents with the production encoders: paraphrased questions in both languages find their document,
 * off-topic ones get no answer, and each half of the hybrid search earns its place.
 */
class KnowledgeBaseTest {
    private static KnowledgeBase kb;
    private static List<Question> questions;

    record Question(String lang, String expected, String text) {
        boolean offTopic() {
            return expected.equals("none");
        }
    }

    @BeforeAll
    static void build() throws IOException {
        kb = KnowledgeBase.bundled(Map.of("en", Encoders.miniLm(), "zh", Encoders.bgeSmallZh()));
        questions = new ArrayList<>();
        try (InputStream in = KnowledgeBaseTest.class.getResourceAsStream("questions.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] f = line.split("\t");
                    questions.add(new Question(f[0], f[1], f[2]));
                }
            }
        }
    }

    static String documentOf(Passage p) {
        String s = p.source();
        return s.substring(s.indexOf(':') + 1, s.indexOf('#'));
    }

    private static List<String> documents(List<Passage> passages) {
        return passages.stream().map(KnowledgeBaseTest::documentOf).toList();
    }

    @Test
    void bothLanguagesShipTheSameDocumentsWithTheSameSections() {
        assertEquals(Set.of("en", "zh"), kb.languages());
        List<String> en = kb.passages("en").stream().map(Passage::source).toList();
        List<String> zh = kb.passages("zh").stream().map(Passage::source).toList();
        assertEquals(en, zh);
        assertEquals(Set.of("shipping", "returns", "cancellation", "address", "payments", "disputes", "reviews",
                "privacy", "accounts", "human-agent", "ledger"), Set.copyOf(documents(kb.passages("en"))));
        assertTrue(kb.passages("zh").stream().allMatch(p -> p.text().codePoints().anyMatch(KeywordTokens::isHan)),
                "every Chinese passage is in Chinese");
    }

    @Test
    void paraphrasedQuestionsFindTheirDocumentInBothLanguages() {
        StringBuilder report = new StringBuilder();
        for (String lang : List.of("en", "zh")) {
            List<Question> qs = questions.stream().filter(q -> q.lang().equals(lang) && !q.offTopic()).toList();
            int top1 = 0;
            int top3 = 0;
            for (Question q : qs) {
                List<String> docs = documents(kb.search(q.text(), lang, 3).stream().map(Hit::passage).toList());
                top1 += docs.getFirst().equals(q.expected()) ? 1 : 0;
                top3 += docs.contains(q.expected()) ? 1 : 0;
                if (!docs.getFirst().equals(q.expected())) {
                    System.out.println("miss@1 [" + lang + "] " + q.text() + " -> " + docs + " (want "
                            + q.expected() + ")");
                }
            }
            double h1 = (double) top1 / qs.size();
            double h3 = (double) top3 / qs.size();
            report.append(String.format(Locale.ROOT, "\"%s\": {\"questions\": %d, \"hit@1\": %.3f, \"hit@3\": %.3f}, ",
                    lang, qs.size(), h1, h3));
            assertTrue(qs.size() >= 20, lang + ": at least 20 questions");
            assertTrue(h3 >= 0.8, lang + ": hit@3 " + h3 + " below 0.8");
            assertTrue(h1 >= 0.6, lang + ": hit@1 " + h1 + " below 0.6");
        }
        System.out.println("knowledge-base retrieval: {" + report.substring(0, report.length() - 2) + "}");
    }

    @Test
    void offTopicQuestionsGetNoAnswerWhilePlatformQuestionsDo() {
        StringBuilder report = new StringBuilder();
        List<String> wrong = new ArrayList<>();
        for (String lang : List.of("en", "zh")) {
            double cut = KnowledgeBase.DEFAULT_MIN_SIMILARITY.get(lang);
            List<Double> on = new ArrayList<>();
            List<Double> off = new ArrayList<>();
            int answered = 0;
            int answeredRight = 0;
            for (Question q : questions.stream().filter(x -> x.lang().equals(lang)).toList()) {
                double s = kb.topSimilarity(q.text(), lang);
                Optional<Hit> answer = kb.answer(q.text(), lang);
                if (q.offTopic()) {
                    off.add(s);
                    if (answer.isPresent()) {
                        wrong.add("[" + lang + "] off-topic '" + q.text() + "' got "
                                + answer.get().passage().source() + String.format(Locale.ROOT, " (%.3f)", s));
                    }
                } else {
                    on.add(s);
                    answered += answer.isPresent() ? 1 : 0;
                    answeredRight += answer.filter(h -> documentOf(h.passage()).equals(q.expected())).isPresent()
                            ? 1 : 0;
                }
            }
            double share = (double) answered / on.size();
            report.append(String.format(Locale.ROOT, "\"%s\": {\"cut\": %.2f, \"platform_answered\": %.3f, "
                            + "\"platform_answered_right\": %.3f, \"platform_min\": %.3f, \"platform_median\": %.3f, "
                            + "\"off_topic_answered\": %d, \"off_topic_max\": %.3f}, ", lang, cut, share,
                    (double) answeredRight / on.size(), min(on), median(on),
                    off.stream().filter(x -> x >= cut).count(), max(off)));
            if (share < 0.9) {
                wrong.add(lang + ": only " + answered + "/" + on.size() + " platform questions reach the cut-off");
            }
            assertTrue(off.size() >= 8, lang + ": at least 8 off-topic questions");
        }
        System.out.println("knowledge-base cut-off: {" + report.substring(0, report.length() - 2) + "}");
        assertEquals(List.of(), wrong);
    }

    @Test
    void aQuestionOnlyKeywordSearchGetsRightIsStillFound() {
        // Command names and rare terms mean little to the encoders but are exact words of one passage.
        for (String[] q : List.of(new String[] {"en", "verify-proof", "ledger"},
                new String[] {"en", "unresolved", "disputes"}, new String[] {"zh", "Argon2id 是什么", "accounts"})) {
            assertEquals(q[2], documentOf(kb.keywordRanking(q[1], q[0]).getFirst()), q[1]);
            assertNotEquals(q[2], documentOf(kb.semanticRanking(q[1], q[0]).getFirst()), q[1]);
            assertEquals(q[2], documentOf(kb.search(q[1], q[0], 1).getFirst().passage()), q[1]);
        }
    }

    @Test
    void aQuestionOnlySemanticSearchGetsRightIsStillFound() {
        // Paraphrases whose words lead keyword search astray.
        for (String[] q : List.of(new String[] {"en", "I want all my personal data deleted", "privacy"},
                new String[] {"en", "my credit card was rejected at checkout", "payments"},
                new String[] {"zh", "收到货以后多少天内可以退？", "returns"})) {
            assertNotEquals(q[2], documentOf(kb.keywordRanking(q[1], q[0]).getFirst()), q[1]);
            assertEquals(q[2], documentOf(kb.semanticRanking(q[1], q[0]).getFirst()), q[1]);
            assertEquals(q[2], documentOf(kb.search(q[1], q[0], 1).getFirst().passage()), q[1]);
        }
    }

    @Test
    void searchRefusesWhatItCannotServe() {
        assertThrows(IllegalArgumentException.class, () -> kb.search("refund", "fr", 3));
        assertThrows(IllegalArgumentException.class, () -> kb.search("refund", "en", 0));
        assertEquals(List.of(), kb.search("   ", "en", 3));
        assertFalse(kb.search("退款", "zh", 5).isEmpty());
    }

    private static double min(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().collect(Collectors.toList());
        return s.isEmpty() ? Double.NaN : s.get(s.size() / 2);
    }
}
