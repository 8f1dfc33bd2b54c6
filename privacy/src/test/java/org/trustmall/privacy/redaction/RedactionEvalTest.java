package org.trustmall.privacy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The acceptance figures, on the set {@code ./trustmall privacy redact-eval} runs by default. */
class RedactionEvalTest {
    private static final Set<EntityType> STRICT =
            EnumSet.of(EntityType.ID_CARD, EntityType.BANK_CARD, EntityType.PHONE, EntityType.EMAIL);

    static List<LabelledText> corpus;
    static RedactionEval.Report report;

    @BeforeAll
    static void evaluate() {
        corpus = RedactionCorpus.generate(RedactionCorpus.DEFAULT_SEED, RedactionCorpus.DEFAULT_SENTENCES);
        report = RedactionEval.evaluate(Redactor.standard(), corpus);
    }

    @ParameterizedTest(name = "{0}: recall 1.00, precision at least 0.95")
    @EnumSource(value = EntityType.class, names = {"ID_CARD", "BANK_CARD", "PHONE", "EMAIL"})
    void idsCardsPhonesAndEmailsAreAllFoundAndRarelyOverFound(EntityType type) {
        RedactionEval.Score s = report.entities().get(type);
        assertTrue(s.gold() >= 100, type + " has only " + s.gold() + " gold spans");
        assertEquals(1.0, s.recall(), () -> type + " missed: " + misses(type));
        assertTrue(s.precision() >= 0.95, () -> type + " precision " + s.precision() + ": " + falseAlarms(type));
    }

    @Test
    void theSetIsBilingualLargeEnoughAndFullOfLookAlikes() {
        assertTrue(corpus.size() >= 1000);
        long english = corpus.stream().filter(t -> t.language().equals("en")).count();
        long chinese = corpus.stream().filter(t -> t.language().equals("zh")).count();
        assertTrue(english > 400 && chinese > 400, english + " English, " + chinese + " Chinese");
        assertTrue(corpus.stream().anyMatch(t -> t.text().contains("SF")), "tracking numbers");
        assertTrue(corpus.stream().anyMatch(t -> t.text().contains("订单号20")), "date-first order numbers");
        assertTrue(corpus.stream().anyMatch(t -> t.text().startsWith("身份证号") && t.gold().isEmpty()), "invalid IDs");
        assertTrue(corpus.stream().anyMatch(t -> t.text().startsWith("银行卡号") && t.gold().isEmpty()),
                "cards failing Luhn");
        for (EntityType t : EntityType.values()) {
            assertTrue(report.entities().get(t).gold() > 0, t + " has no gold spans");
        }
    }

    @Test
    void theSameSeedGivesTheSameSetAndAnotherSeedAnother() {
        assertEquals(corpus.subList(0, 50), RedactionCorpus.generate(RedactionCorpus.DEFAULT_SEED, 50));
        assertNotEquals(corpus.subList(0, 50), RedactionCorpus.generate(RedactionCorpus.DEFAULT_SEED + 1, 50));
        assertThrows(IllegalArgumentException.class, () -> RedactionCorpus.generate(1, 0));
    }

    @Test
    void everyGoldSpanOfTheStrictTypesSatisfiesItsDefinition() {
        for (LabelledText t : corpus) {
            for (Span s : t.gold()) {
                String v = s.in(t.text());
                switch (s.type()) {
                    case ID_CARD -> assertTrue(ResidentIds.isValid(v.replace(" ", "")), v);
                    case BANK_CARD -> assertTrue(BankCardRecogniser.isCard(v.replaceAll("[ -]", "")), v);
                    case EMAIL -> assertTrue(v.indexOf('@') > 0, v);
                    default -> {
                    }
                }
            }
        }
    }

    @Test
    void aSpanOneCharacterShortIsBothAMissAndAFalseAlarm() {
        LabelledText t = new LabelledText("en", "call 13812345678 now", List.of(new Span(EntityType.PHONE, 4, 16)));
        RedactionEval.Report r = RedactionEval.evaluate(Redactor.standard(), List.of(t));
        assertEquals(new RedactionEval.Score(0, 1, 1), r.entities().get(EntityType.PHONE));
        assertEquals(0.0, r.entities().get(EntityType.PHONE).precision());
        assertEquals(2, r.disagreements().size());
        assertEquals(new RedactionEval.Score(0, 0, 0), r.entities().get(EntityType.EMAIL));
        assertEquals(1.0, r.entities().get(EntityType.EMAIL).recall());
    }

    private static List<String> misses(EntityType type) {
        return report.disagreements().stream().filter(d -> d.missed() && d.span().type() == type)
                .map(d -> d.span().in(d.text().text()) + " in " + d.text().text()).limit(10).toList();
    }

    private static List<String> falseAlarms(EntityType type) {
        return report.disagreements().stream().filter(d -> !d.missed() && d.span().type() == type)
                .map(d -> d.span().in(d.text().text()) + " in " + d.text().text()).limit(10).toList();
    }
}
