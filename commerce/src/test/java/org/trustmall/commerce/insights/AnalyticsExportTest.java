package org.trustmall.commerce.insights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Marketplace;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.consent.ConsentService;
import org.trustmall.commerce.keys.SecretFiles;
import org.trustmall.commerce.orders.OrderService.Order;
import org.trustmall.privacy.pseudonym.Pseudonyms;

/**
 * The analytics export: one JSON line per sold order line, buyers only as stable keyed pseudonyms, buyers without
 * consent left out, and the file written whole or not at all.
 */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class AnalyticsExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;
    private Marketplace m;
    private Order annOrder;
    private Order bobOrder;

    @BeforeEach
    void market() {
        m = new Marketplace(kind, dir, c -> c);
        annOrder = m.paid(m.ann, 1, 2);
        bobOrder = m.delivered(m.bob, 0, 3);
        m.order(m.ann, 1, 0); // unpaid: not a purchase
        // Analytics is off until the person grants it; these two have.
        m.commerce().consents().set(m.ann, ConsentService.ANALYTICS, true);
        m.commerce().consents().set(m.bob, ConsentService.ANALYTICS, true);
    }

    @AfterEach
    void close() {
        if (m != null) {
            m.close();
        }
    }

    private Pseudonyms platformPseudonyms() {
        return new Pseudonyms(SecretFiles.loadOrCreate(m.t.config().dataDir().resolve("keys"), "analytics-pseudonym"));
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void everySoldOrderLineIsExportedWithTheBuyerOnlyAsItsStablePseudonym() throws Exception {
        Path file = dir.resolve("analytics.jsonl");
        AnalyticsExport.Summary s = m.commerce().insights().exportAnalytics(file);
        assertEquals(3, s.lines());
        assertEquals(2, s.buyers());
        assertEquals(0, s.buyersLeftOut());
        List<JsonNode> lines = lines(file);
        assertEquals(3, lines.size());
        String ann = platformPseudonyms().pseudonym("analytics", "account:" + m.ann.accountId());
        String bob = platformPseudonyms().pseudonym("analytics", "account:" + m.bob.accountId());
        JsonNode first = lines.get(0);
        assertEquals(Set.of("buyer", "product", "quantity", "unitPrice", "currency", "day"),
                new TreeSet<>(iterable(first)));
        assertEquals(ann, first.get("buyer").asText());
        assertEquals(annOrder.lines().get(0).productId(), first.get("product").asLong());
        assertEquals(1, first.get("quantity").asInt());
        assertEquals(39_900, first.get("unitPrice").asLong());
        assertEquals("CNY", first.get("currency").asText());
        assertEquals(annOrder.createdAt().atZone(ZoneOffset.UTC).toLocalDate().toString(), first.get("day").asText());
        assertEquals(ann, lines.get(1).get("buyer").asText());
        assertEquals(2, lines.get(1).get("quantity").asInt());
        assertEquals(bob, lines.get(2).get("buyer").asText());
        assertEquals(bobOrder.lines().get(0).productId(), lines.get(2).get("product").asLong());

        String text = Files.readString(file);
        assertFalse(text.contains("\"account:"), "no raw account subjects");
        assertFalse(text.contains("ann@") || text.contains("Li Lei") || text.contains("Beijing"), text);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        // Stable: the same data exports to the same bytes, also after a restart.
        m.t.reopen();
        Path again = dir.resolve("again.jsonl");
        m.commerce().insights().exportAnalytics(again);
        assertEquals(text, Files.readString(again));
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void buyersWhoseConsentRefusesAnalyticsAreLeftOut() throws Exception {
        long bobId = m.bob.accountId();
        List<String> purposesAsked = new ArrayList<>();
        AnalyticsExport export = new AnalyticsExport(m.t.jdbi(), platformPseudonyms(), (account, purpose) -> {
            purposesAsked.add(purpose);
            return account != bobId;
        });
        Path file = dir.resolve("consented.jsonl");
        AnalyticsExport.Summary s = export.writeTo(file);
        assertEquals(2, s.lines());
        assertEquals(1, s.buyers());
        assertEquals(1, s.buyersLeftOut());
        String bob = platformPseudonyms().pseudonym("analytics", "account:" + bobId);
        assertFalse(Files.readString(file).contains(bob));
        assertEquals(Set.of("analytics"), Set.copyOf(purposesAsked));
        assertEquals(2, purposesAsked.size(), "asked once per buyer");
    }

    @Test
    void aFailedExportLeavesTheEarlierFileAsItWasAndNoTemporaryFiles() throws Exception {
        Path file = dir.resolve("out").resolve("analytics.jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "earlier export\n");
        AnalyticsExport failing = new AnalyticsExport(m.t.jdbi(), platformPseudonyms(), (account, purpose) -> {
            if (account == m.bob.accountId()) {
                throw new IllegalStateException("consent store unavailable");
            }
            return true;
        });
        assertThrows(IllegalStateException.class, () -> failing.writeTo(file));
        assertEquals("earlier export\n", Files.readString(file));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
        assertEquals("out", assertThrows(CommerceException.InvalidInput.class,
                () -> failing.writeTo(dir.resolve("missing").resolve("x.jsonl"))).field());
        assertEquals("out", assertThrows(CommerceException.InvalidInput.class,
                () -> failing.writeTo(file.getParent())).field());
        assertTrue(Files.exists(file));
    }
}
