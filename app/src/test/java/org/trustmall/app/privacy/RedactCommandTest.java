package org.trustmall.app.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trustmall.app.Cli;
import org.trustmall.ledger.proof.LedgerJson;

/** {@code privacy redact} and {@code privacy redact-eval}, run through the real command line. */
class RedactCommandTest {

    private static JsonNode json(Cli r) throws Exception {
        assertEquals(0, r.exit(), r::toString);
        return LedgerJson.mapper().readTree(r.out());
    }

    @Test
    void redactPrintsEachLineOfStandardInputRedacted() {
        Cli r = Cli.runWithInput("""
                Contact zhang.wei@example.com or 138-1234-5678.
                nothing personal in order 202611290001234567
                收件人：张伟，身份证11010519491231002X，卡号4111 1111 1111 1111
                """, "privacy", "redact");

        assertEquals(0, r.exit(), r::toString);
        assertEquals(List.of("Contact [EMAIL] or [PHONE].", "nothing personal in order 202611290001234567",
                "收件人：[NAME]，身份证[ID_CARD]，卡号[BANK_CARD]"), r.out().lines().toList());
    }

    @Test
    void redactWithJsonListsTheSpansWithTheirTypesInCodePoints() throws Exception {
        JsonNode doc = json(Cli.runWithInput("😀 mail a@example.com\n\n登录IP：10.0.0.1\n", "privacy", "redact",
                "--json"));

        JsonNode items = doc.get("items");
        assertEquals(3, items.size());
        JsonNode email = items.get(0).get("spans").get(0);
        assertEquals("email", email.get("type").asText());
        assertEquals(7, email.get("start").asInt()); // the emoji is one code point (two UTF-16 units)
        assertEquals(20, email.get("end").asInt());
        assertEquals("a@example.com", email.get("text").asText());
        assertEquals("😀 mail [EMAIL]", items.get(0).get("redacted").asText());
        assertEquals(0, items.get(1).get("spans").size());
        JsonNode ip = items.get(2).get("spans").get(0);
        assertEquals("ip", ip.get("type").asText());
        assertEquals(5, ip.get("start").asInt());
        assertEquals(3, items.get(2).get("line").asInt());
    }

    @Test
    void redactOfEmptyInputPrintsNothing() throws Exception {
        Cli r = Cli.runWithInput("", "privacy", "redact");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.out());
        assertEquals(0, json(Cli.runWithInput("", "privacy", "redact", "--json")).get("items").size());
    }

    @Test
    void redactEvalReportsPrecisionAndRecallPerEntityAndMeetsTheAcceptanceFigures() throws Exception {
        JsonNode doc = json(Cli.run("privacy", "redact-eval", "--json"));

        JsonNode entities = doc.get("entities");
        List<String> names = new ArrayList<>();
        entities.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("email", "id_card", "bank_card", "phone", "ip", "address", "name"), names);
        for (String strict : List.of("email", "id_card", "bank_card", "phone")) {
            JsonNode e = entities.get(strict);
            assertEquals(1.0, e.get("recall").asDouble(), strict + ": " + e);
            assertTrue(e.get("precision").asDouble() >= 0.95, strict + ": " + e);
            assertTrue(e.get("gold").asInt() >= 100, strict + ": " + e);
        }
        assertEquals(2000, doc.get("sentences").asInt());
        assertEquals(20261129, doc.get("seed").asLong());
        assertTrue(doc.get("overall").get("precision").isNumber());
    }

    @Test
    void redactEvalPrintsATableAndTheErrorsAskedFor() {
        Cli r = Cli.run("privacy", "redact-eval", "--sentences", "400", "--seed", "5", "--show-errors", "3");

        assertEquals(0, r.exit(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals("redaction on 400 generated sentences (seed 5), exact span match", lines.get(0));
        assertTrue(lines.get(1).startsWith("entity"), r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("bank_card ")), r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("overall ")), r::toString);
        assertTrue(lines.stream().filter(l -> l.startsWith("missed ") || l.startsWith("false alarm ")).count() <= 3);
    }

    @Test
    void redactEvalRefusesAnEmptySetNamingTheOption() {
        Cli r = Cli.run("privacy", "redact-eval", "--sentences", "0");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("--sentences must be between 1 and 1000000, got 0"), r::toString);
        assertTrue(!r.err().contains("\tat "), r::toString);
    }
}
