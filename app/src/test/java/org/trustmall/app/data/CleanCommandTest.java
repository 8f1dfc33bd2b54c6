package org.trustmall.app.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.app.Cli;
import org.trustmall.ledger.proof.LedgerJson;

/** {@code data ingest} then {@code data clean} through the real command line. */
class CleanCommandTest {
    @TempDir
    Path dir;

    @Test
    void cleanAfterIngestDropsDuplicatesAndRatingOutliersAndWritesTheReport() throws Exception {
        Path csv = dir.resolve("ratings.csv");
        StringBuilder text = new StringBuilder("user_id,item_id,timestamp,rating\n");
        for (int u = 0; u < 8; u++) {
            text.append("u").append(u).append(",i").append(u).append(',').append(1000 + u).append(',')
                    .append(3 + u % 2).append('\n');
        }
        text.append("u0,i0,1000,3\n");     // duplicate of the first row
        text.append("u9,i9,1009,0\n");     // a rating far below the others: outside Tukey's fences [3 − 1.5, 4 + 1.5]
        Files.writeString(csv, text);
        Path ingested = dir.resolve("ingested");
        Path cleaned = dir.resolve("cleaned");
        Cli in = Cli.run("data", "ingest", "--format", "csv", "--input", csv.toString(), "--out",
                ingested.toString(), "--json");
        assertEquals(0, in.exit(), in::toString);

        Cli r = Cli.run("data", "clean", "--input", ingested.toString(), "--out", cleaned.toString(), "--json");

        assertEquals(0, r.exit(), r::toString);
        JsonNode doc = LedgerJson.mapper().readTree(r.out());
        assertEquals(10, doc.get("before").get("rows").asLong());
        assertEquals(1, doc.get("duplicates_removed").asLong());
        assertEquals(1, doc.get("outliers").get("rating_rows").asLong());
        assertEquals("iqr(k=1.5)", doc.get("outliers").get("rule").asText());
        assertEquals(8, doc.get("after").get("rows").asLong());
        assertEquals(8, Files.readAllLines(cleaned.resolve("interactions.jsonl")).size());
        assertEquals(doc, LedgerJson.mapper().readTree(cleaned.resolve("cleaning-report.json").toFile()));
        assertFalse(Files.readString(cleaned.resolve("interactions.jsonl")).contains("\"u9\""));
    }

    @Test
    void cleanPrintsASummaryWithoutJson() throws Exception {
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        Files.writeString(in.resolve("interactions.jsonl"),
                "{\"user\":\"u1\",\"item\":\"i1\"}\n{\"user\":\"u1\",\"item\":\"i2\",\"event\":\"rating\"}\n");
        Cli r = Cli.run("data", "clean", "--input", in.toString(), "--out", dir.resolve("out").toString(),
                "--outliers", "z", "--bot-events-per-minute", "0");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("imputed: 1 events, 1 timestamps"), r::toString);
        assertTrue(r.out().contains("dropped: 0 without user/item, 0 unknown event, 1 rating events without rating"),
                r::toString);
        assertTrue(r.out().contains("after: 1 rows, 1 users, 1 items"), r::toString);
    }

    @Test
    void aMissingInputOrAnUnknownRuleIsReportedAndNothingIsWritten() {
        Path out = dir.resolve("out");
        Cli missing = Cli.run("data", "clean", "--input", dir.resolve("absent").toString(), "--out", out.toString());
        assertEquals(1, missing.exit(), missing::toString);
        assertTrue(missing.err().contains("interactions.jsonl: no such file"), missing::toString);
        Cli rule = Cli.run("data", "clean", "--input", dir.toString(), "--out", out.toString(), "--outliers", "mad");
        assertEquals(2, rule.exit(), rule::toString);
        assertTrue(rule.err().contains("unknown outlier rule 'mad'"), rule::toString);
        assertFalse(Files.exists(out));
    }
}
