package org.trustmall.app.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.app.Cli;
import org.trustmall.data.snapshot.Snapshots;
import org.trustmall.ledger.proof.LedgerJson;

/** {@code data ingest → clean → normalise | snapshot} through the real command line. */
class SnapshotCommandTest {
    @TempDir
    Path dir;
    private Path cleaned;

    @BeforeEach
    void ingestAndClean() throws Exception {
        Path csv = dir.resolve("ratings.csv");
        StringBuilder text = new StringBuilder("user_id,item_id,timestamp,rating\n");
        for (int u = 0; u < 6; u++) {
            text.append("u").append(u).append(",i").append(u % 3).append(',').append(1000 + u).append(',')
                    .append(3 + u % 2).append('\n');
        }
        Files.writeString(csv, text);
        Path ingested = dir.resolve("ingested");
        cleaned = dir.resolve("cleaned");
        assertEquals(0, Cli.run("data", "ingest", "--format", "csv", "--input", csv.toString(), "--out",
                ingested.toString(), "--json").exit());
        Cli clean = Cli.run("data", "clean", "--input", ingested.toString(), "--out", cleaned.toString(), "--json");
        assertEquals(0, clean.exit(), clean::toString);
    }

    @Test
    void snapshotWritesAFolderNamedByItsRootAndTheSameRowsAlwaysGiveTheSameFolder() throws Exception {
        Path out = dir.resolve("snapshots");
        Cli first = Cli.run("data", "snapshot", "--input", cleaned.toString(), "--out", out.toString(), "--json");
        assertEquals(0, first.exit(), first::toString);
        JsonNode doc = LedgerJson.mapper().readTree(first.out());
        String root = doc.get("root").asText();
        assertEquals(64, root.length());
        assertEquals(6, doc.get("rows").asLong());
        assertEquals(6, doc.get("users").asLong());
        assertEquals(3, doc.get("items").asLong());
        assertEquals(Snapshots.SCHEMA_HASH, doc.get("schema_hash").asText());
        assertEquals("none", doc.get("consent_policy").asText());
        assertTrue(doc.get("normaliser").get("features").has("interactions"));
        assertEquals(root, Snapshots.open(out.resolve(root)).root());

        Cli again = Cli.run("data", "snapshot", "--input", cleaned.toString(), "--out", out.toString());
        assertEquals(0, again.exit(), again::toString);
        assertTrue(again.out().contains("snapshot " + root), again::toString);
        assertEquals(List.of(out.resolve(root)), Snapshots.list(out));
    }

    @Test
    void normaliseWritesZScoredItemFeaturesAndTheirStats() throws Exception {
        Path out = dir.resolve("features");
        Cli r = Cli.run("data", "normalise", "--input", cleaned.toString(), "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r::toString);
        JsonNode doc = LedgerJson.mapper().readTree(r.out());
        assertEquals(3, doc.get("items").asInt());
        List<String> lines = Files.readAllLines(out.resolve("item-features.jsonl"));
        assertEquals(3, lines.size());
        JsonNode first = LedgerJson.mapper().readTree(lines.get(0));
        assertEquals("i0", first.get("item").asText());
        assertEquals(2, first.get("raw").get("interactions").asInt());
        assertEquals(0.0, first.get("z").get("interactions").asDouble(), 1e-12, "every item has 2: constant");
        assertEquals(3.5, first.get("raw").get("rating_mean").asDouble(), 1e-12, "u0 rated 3, u3 rated 4");
        assertFalse(first.get("raw").has("price"), "the CSV has no catalogue");
        assertEquals(doc.get("normaliser"), LedgerJson.mapper().readTree(out.resolve("normaliser.json").toFile()));
    }

    @Test
    void aLabelWithFreeTextOrAMissingInputIsReportedAndNothingIsWritten() {
        Path out = dir.resolve("snapshots");
        Cli label = Cli.run("data", "snapshot", "--input", cleaned.toString(), "--out", out.toString(), "--source",
                "Li Lei's laptop");
        assertEquals(2, label.exit(), label::toString);
        assertTrue(label.err().contains("source must be a label"), label::toString);
        Cli missing = Cli.run("data", "snapshot", "--input", dir.resolve("absent").toString(), "--out",
                out.toString());
        assertEquals(1, missing.exit(), missing::toString);
        assertTrue(missing.err().contains("interactions.jsonl: no such file"), missing::toString);
        assertFalse(Files.exists(out));
    }
}
