package org.trustmall.app.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.app.Cli;
import org.trustmall.commerce.DatabaseConfig;
import org.trustmall.privacy.pseudonym.Pseudonyms;

/** {@code trustmall privacy export-analytics} over the demo marketplace's real database. */
class ExportAnalyticsCommandTest {
    @TempDir
    Path tmp;

    @Test
    void theDemoExportsOneLinePerSoldOrderLineWithBuyersOnlyAsPseudonyms() throws Exception {
        Path data = tmp.resolve("data");
        Cli demo = Cli.run("demo", "--data-dir", data.toString(), "--products", "12", "--no-serve");
        assertEquals(0, demo.exit(), demo::toString);

        Path out = tmp.resolve("analytics.jsonl");
        Cli export = Cli.run("privacy", "export-analytics", "--data-dir", data.toString(), "--out", out.toString(),
                "--json");
        assertEquals(0, export.exit(), export::toString);
        JsonNode summary = new ObjectMapper().readTree(export.out());
        List<String> lines = Files.readAllLines(out);
        assertEquals(lines.size(), summary.get("lines").asLong());
        assertTrue(lines.size() > 0, export::toString);

        long soldLines;
        Set<Long> buyerIds = new HashSet<>();
        DatabaseConfig db = DatabaseConfig.embedded(data);
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement()) {
            // Only buyers who granted analytics are exported (the demo never withdraws a grant).
            String consenting = "SELECT account_id FROM consent_changes WHERE purpose = 'analytics' AND granted";
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders o JOIN order_lines l ON l.order_id = o.id "
                    + "WHERE o.state IN ('paid', 'shipped', 'delivered', 'completed', 'disputed') AND o.buyer_id IN ("
                    + consenting + ")")) {
                rs.next();
                soldLines = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT buyer_id FROM orders WHERE state IN ('paid', "
                    + "'shipped', 'delivered', 'completed', 'disputed') AND buyer_id IN (" + consenting + ")")) {
                while (rs.next()) {
                    buyerIds.add(rs.getLong(1));
                }
            }
        }
        assertEquals(soldLines, lines.size());
        // Each buyer appears exactly as the keyed pseudonym of its account under the data directory's secret.
        Pseudonyms keyed = new Pseudonyms(Files.readAllBytes(data.resolve("keys").resolve("commerce")
                .resolve("analytics-pseudonym.key")));
        Set<String> expected = new HashSet<>();
        buyerIds.forEach(id -> expected.add(keyed.pseudonym("analytics", "account:" + id)));
        Set<String> exported = new HashSet<>();
        for (String line : lines) {
            exported.add(new ObjectMapper().readTree(line).get("buyer").asText());
        }
        assertEquals(expected, exported);
        assertEquals(expected.size(), summary.get("buyers").asInt());

        Cli noData = Cli.run("privacy", "export-analytics", "--data-dir", tmp.resolve("empty").toString(), "--out",
                tmp.resolve("x.jsonl").toString());
        assertEquals(2, noData.exit(), noData::toString);
        assertTrue(noData.err().contains("nothing to export"), noData::toString);
        assertFalse(Files.exists(tmp.resolve("x.jsonl")));
    }
}
