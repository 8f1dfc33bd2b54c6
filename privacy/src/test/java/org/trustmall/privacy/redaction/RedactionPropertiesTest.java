package org.trustmall.privacy.redaction;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever surrounds it, a valid ID, card, phone number or email is found exactly and gone from the redacted text.
 * The value is set off from the filler by whitespace or punctuation: glued to a digit or letter it would be part of
 * a longer token (a tracking number), which is the recognisers' boundary rule, not a miss.
 */
class RedactionPropertiesTest {
    private final Redactor redactor = Redactor.standard();

    /** A value with its type. */
    record Pii(EntityType type, String value) {
    }

    @Property(tries = 1000)
    void anyValidValueEmbeddedInArbitraryTextIsFoundAndRedacted(@ForAll("pii") Pii pii,
                                                                @ForAll("filler") String before,
                                                                @ForAll("separator") String left,
                                                                @ForAll("separator") String right,
                                                                @ForAll("filler") String after) {
        String text = before + left + pii.value() + right + after;
        int start = before.length() + left.length();
        Span expected = new Span(pii.type(), start, start + pii.value().length());

        List<Span> found = redactor.find(text);
        String redacted = redactor.redact(text);

        assertTrue(found.contains(expected), () -> "expected " + expected + " in '" + text + "', found " + found);
        assertFalse(redacted.contains(pii.value()), () -> "'" + redacted + "' still holds " + pii.value());
    }

    @Property(tries = 300)
    void theRedactedTextHoldsNoneOfTheValuesFound(@ForAll("filler") String a, @ForAll("pii") Pii p1,
                                                  @ForAll("filler") String b, @ForAll("pii") Pii p2) {
        String text = a + " " + p1.value() + "\n" + b + "，" + p2.value();
        String redacted = redactor.redact(text);
        for (Span s : redactor.find(text)) {
            if (s.type() != EntityType.NAME && s.length() > 5) {
                assertFalse(redacted.contains(s.in(text)), () -> "'" + redacted + "' still holds " + s.in(text));
            }
        }
    }

    @Provide
    Arbitrary<String> filler() {
        return Arbitraries.strings().withChars("abcxyzABCXYZ0123456789 .,:;-_@+#()/")
                .withCharRange('\u4e00', '\u4e2f').ofMaxLength(30);
    }

    @Provide
    Arbitrary<String> separator() {
        return Arbitraries.of("  ", "\t", "\n", "，", "。", "、", " : ", " (", ") ", " | ");
    }

    @Provide
    Arbitrary<Pii> pii() {
        return Arbitraries.oneOf(ids(), cards(), phones(), emails());
    }

    private Arbitrary<Pii> ids() {
        Arbitrary<String> region = Arbitraries.of("110101", "310104", "440305", "510107", "650102", "820000");
        Arbitrary<LocalDate> birth = Arbitraries.integers().between(0, 110 * 365)
                .map(d -> LocalDate.of(1910, 1, 1).plusDays(d));
        Arbitrary<String> seq = Arbitraries.strings().numeric().ofLength(3);
        Arbitrary<Boolean> grouped = Arbitraries.of(true, false, false, false);
        return Combinators.combine(region, birth, seq, grouped).as((r, b, s, g) -> {
            String first17 = r + b.toString().replace("-", "") + s;
            String id = first17 + ResidentIds.checkDigit(first17);
            return new Pii(EntityType.ID_CARD, g ? id.substring(0, 6) + " " + id.substring(6, 14) + " " + id.substring(14) : id);
        });
    }

    private Arbitrary<Pii> cards() {
        Arbitrary<String[]> network = Arbitraries.of(new String[] {"4", "16"}, new String[] {"4", "13"},
                new String[] {"53", "16"}, new String[] {"2300", "16"}, new String[] {"62", "16"},
                new String[] {"62", "19"}, new String[] {"37", "15"}, new String[] {"6011", "16"},
                new String[] {"3566", "16"}, new String[] {"36", "14"});
        Arbitrary<String> body = Arbitraries.strings().numeric().ofLength(18);
        Arbitrary<String> style = Arbitraries.of("", " ", "-");
        return Combinators.combine(network, body, style).as((n, b, sep) -> {
            int length = Integer.parseInt(n[1]);
            String payload = n[0] + b.substring(0, length - 1 - n[0].length());
            String card = payload + Luhn.checkDigit(payload);
            if (sep.isEmpty() || length < 15) {
                return new Pii(EntityType.BANK_CARD, card);
            }
            String g = length == 15 ? card.substring(0, 4) + sep + card.substring(4, 10) + sep + card.substring(10)
                    : card.replaceAll("(\\d{4})(?=\\d)", "$1" + sep);
            return new Pii(EntityType.BANK_CARD, g);
        });
    }

    private Arbitrary<Pii> phones() {
        Arbitrary<String> mobile = Combinators.combine(Arbitraries.integers().between(3, 9),
                Arbitraries.strings().numeric().ofLength(9)).as((second, rest) -> "1" + second + rest);
        Arbitrary<String> formatted = Combinators.combine(mobile, Arbitraries.of(0, 1, 2, 3, 4, 5, 6))
                .as((m, style) -> switch (style) {
                    case 0 -> m;
                    case 1 -> m.substring(0, 3) + "-" + m.substring(3, 7) + "-" + m.substring(7);
                    case 2 -> m.substring(0, 3) + " " + m.substring(3, 7) + " " + m.substring(7);
                    case 3 -> "+86 " + m;
                    case 4 -> "+86" + m;
                    case 5 -> "0086 " + m;
                    default -> "(+86) " + m;
                });
        Arbitrary<String> landline = Combinators.combine(Arbitraries.of("010", "021", "0755", "0571"),
                Arbitraries.integers().between(2, 8), Arbitraries.strings().numeric().ofLength(7),
                Arbitraries.of("-", "", " ")).as((area, first, rest, sep) ->
                        area + sep + first + (area.length() == 4 ? rest.substring(1) : rest));
        Arbitrary<String> northAmerican = Combinators.combine(Arbitraries.integers().between(200, 999),
                Arbitraries.integers().between(200, 999), Arbitraries.strings().numeric().ofLength(4),
                Arbitraries.of("(%s) %s-%s", "%s-%s-%s", "+1 %s %s %s", "+1-%s-%s-%s"))
                .as((area, exchange, line, form) -> form.formatted(area, exchange, line));
        return Arbitraries.oneOf(formatted, formatted, landline, northAmerican).map(p -> new Pii(EntityType.PHONE, p));
    }

    private Arbitrary<Pii> emails() {
        Arbitrary<String> local = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789")
                .ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> tag = Arbitraries.of("", ".", "_", "+", "-");
        Arbitrary<String> local2 = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789")
                .ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> domain = Arbitraries.of("example.com", "qq.com", "163.com", "mail.example.co.uk",
                "trustmall.cn", "例子.中国");
        return Combinators.combine(local, tag, local2, domain)
                .as((l, t, l2, d) -> new Pii(EntityType.EMAIL, l + (t.isEmpty() ? "" : t + l2) + "@" + d));
    }
}
