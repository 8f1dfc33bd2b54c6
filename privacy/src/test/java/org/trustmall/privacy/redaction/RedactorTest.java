package org.trustmall.privacy.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RedactorTest {
    private final Redactor redactor = Redactor.standard();

    @Test
    void redactReplacesEachFindingWithItsTypesPlaceholder() {
        String text = "收件人：张伟，电话：13812345678，邮箱：zhang.wei@example.com，身份证11010519491231002X，"
                + "卡号4111 1111 1111 1111，IP 192.168.1.10，地址：北京市朝阳区建国路88号";
        assertEquals("收件人：[NAME]，电话：[PHONE]，邮箱：[EMAIL]，身份证[ID_CARD]，卡号[BANK_CARD]，IP [IP]，地址：[ADDRESS]",
                redactor.redact(text));
    }

    @Test
    void textWithoutPersonalDataComesBackUnchanged() {
        String text = "Order 202611290001234567 shipped with SF1234567890123 at 2026-11-29 13:45:07 for ¥1,299.00.";
        assertEquals(List.of(), redactor.find(text));
        assertEquals(text, redactor.redact(text));
    }

    @Test
    void findingsAreInTextOrderAndNeverOverlap() {
        String text = "Mr Smith <13812345678@qq.com> 11010519491231002X 4111111111111111 fe80::1 221B Baker Street";
        List<Span> spans = redactor.find(text);
        for (int i = 1; i < spans.size(); i++) {
            assertTrue(spans.get(i - 1).end() <= spans.get(i).start(), spans::toString);
        }
        assertEquals(List.of(EntityType.NAME, EntityType.EMAIL, EntityType.ID_CARD, EntityType.BANK_CARD,
                EntityType.IP, EntityType.ADDRESS), spans.stream().map(Span::type).toList());
    }

    @Test
    void theHigherPriorityTypeWinsAnOverlap() {
        // The email's local part is a mobile number, and its domain follows "Mr" as a capitalised word would.
        String text = "write to 13812345678@qq.com";
        assertEquals(List.of(new Span(EntityType.EMAIL, 9, 27)), redactor.find(text));
        // Restricted to phones, the same text yields the phone.
        assertEquals(List.of(new Span(EntityType.PHONE, 9, 20)), Redactor.of(Set.of(EntityType.PHONE)).find(text));
    }

    @Test
    void aRedactorOfSomeTypesFindsOnlyThose() {
        Redactor emails = Redactor.of(EnumSet.of(EntityType.EMAIL));
        assertEquals("mail [EMAIL] or call 13812345678", emails.redact("mail a.b@example.com or call 13812345678"));
        assertEquals(Set.of(EntityType.EMAIL), emails.types());
        assertThrows(IllegalArgumentException.class, () -> Redactor.of(Set.of()));
    }

    @Test
    void everyTypeHasAKeyAndPlaceholderThatRoundTrip() {
        for (EntityType t : EntityType.values()) {
            assertEquals(t, EntityType.ofKey(t.key()));
            assertEquals("[" + t.key().toUpperCase(java.util.Locale.ROOT) + "]", t.placeholder());
        }
        assertThrows(IllegalArgumentException.class, () -> EntityType.ofKey("ssn"));
    }

    @Test
    void oneRedactorServesManyThreadsAlike() throws Exception {
        List<LabelledText> texts = RedactionCorpus.generate(7, 400);
        List<String> alone = texts.stream().map(t -> redactor.redact(t.text())).toList();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<List<String>>>();
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(() -> texts.stream().map(t -> redactor.redact(t.text())).toList()));
            }
            for (var f : futures) {
                assertEquals(alone, f.get());
            }
        }
    }

    static Stream<Arguments> hostileMegabytes() {
        return Stream.of(
                hostile("digits", i -> "1"),
                hostile("digit groups", i -> "1234 "),
                hostile("dashed digits", i -> "138-"),
                hostile("plus digits", i -> "+8"),
                hostile("at signs and letters", i -> "a@"),
                hostile("dots and letters", i -> "a."),
                hostile("dotted octets", i -> "1.1."),
                hostile("colons and hex", i -> "a:"),
                hostile("double colons", i -> "f::"),
                hostile("Han street marks", i -> "路"),
                hostile("Han numbers", i -> "1号"),
                hostile("Han without marks", i -> "的"),
                hostile("surnames and titles", i -> "王先生"),
                hostile("capitalised words", i -> "Ab "),
                hostile("titles", i -> "Mr "),
                hostile("street numbers", i -> "12 Oak "),
                hostile("random mix", i -> String.valueOf("1 .-@:+aA路号王先(X".charAt(new Random(i).nextInt(15)))));
    }

    private static Arguments hostile(String name, IntFunction<String> piece) {
        StringBuilder b = new StringBuilder(1 << 20);
        for (int i = 0; b.length() < 1 << 20; i++) {
            b.append(piece.apply(i));
        }
        return Arguments.of(name, b.toString());
    }

    /**
     * A megabyte of input built to trip backtracking regular expressions. The timeout only guards against a hang
     * (a catastrophic pattern takes hours, or overflows the stack); it is far above what a linear pass needs.
     */
    @ParameterizedTest(name = "a megabyte of {0}")
    @MethodSource("hostileMegabytes")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aMegabyteOfHostileInputIsRedactedWithoutBlowingUp(String name, String text) {
        String out = redactor.redact(text);
        assertFalse(out.isEmpty());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aMegabyteOfOrdinaryTextLosesAllItsPersonalData() {
        StringBuilder b = new StringBuilder();
        List<LabelledText> texts = RedactionCorpus.generate(11, 20_000);
        int gold = 0;
        for (LabelledText t : texts) {
            if (b.length() > 1 << 20) {
                break;
            }
            b.append(t.text()).append('\n');
            gold += (int) t.gold().stream().filter(s -> s.type() == EntityType.EMAIL).count();
        }
        String out = redactor.redact(b.toString());
        assertFalse(out.contains("@example.com"));
        assertTrue(gold > 1000, "the megabyte holds " + gold + " emails");
        assertEquals(gold, out.split("\\[EMAIL]", -1).length - 1);
    }
}
