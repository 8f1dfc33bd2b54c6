package org.trustmall.app.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.app.Cli;
import org.trustmall.ledger.proof.LedgerJson;

/** {@code data ingest} through the real command line. */
class IngestCommandTest {
    @TempDir
    Path dir;

    @Test
    void ingestWithJsonReportsTheCountsAndWritesTheQuarantineWithRowNumbers() throws Exception {
        Path in = dir.resolve("clicks.csv");
        Files.writeString(in, "who,what,when\nu1,i1,2024-01-01T00:00:00Z\nu2,i2,soon\nu2,i1,2024-01-02\n");
        Path out = dir.resolve("out");

        Cli r = Cli.run("data", "ingest", "--format", "csv", "--input", in.toString(), "--out", out.toString(),
                "--map", "user=who,item=what,timestamp=when", "--timestamp-format", "iso", "--json");

        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.err(), "no progress bar with --json");
        JsonNode doc = LedgerJson.mapper().readTree(r.out());
        assertEquals(3, doc.get("rows_read").asLong());
        assertEquals(2, doc.get("rows_accepted").asLong());
        assertEquals(1, doc.get("quarantined_by_reason").get("bad-timestamp").asLong());
        assertEquals(2, doc.get("users").asLong());
        List<String> quarantine = Files.readAllLines(out.resolve("quarantine.jsonl"));
        assertEquals(1, quarantine.size());
        JsonNode q = LedgerJson.mapper().readTree(quarantine.get(0));
        assertEquals(3, q.get("row").asLong());
        assertEquals("u2,i2,soon", q.get("raw").asText());
        assertEquals(2, Files.readAllLines(out.resolve("interactions.jsonl")).size());
    }

    @Test
    void ingestPrintsASummaryWithoutJson() {
        Path in = dir.resolve("seq.txt");
        Cli r = run(in, "1 10 11\n2\n");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("rows: 2 read, 1 accepted, 1 quarantined (missing-item 1)"), r::toString);
        assertTrue(r.out().contains("interactions: 2 (users 1, items 2)"), r::toString);
    }

    private Cli run(Path in, String content) {
        try {
            Files.writeString(in, content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Cli.run("data", "ingest", "--format", "sequence", "--input", in.toString(), "--out",
                dir.resolve("out").toString());
    }

    @Test
    void aMissingInputIsOneLineNamingTheFile() {
        Path missing = dir.resolve("absent.csv");
        Cli r = Cli.run("data", "ingest", "--format", "csv", "--input", missing.toString(), "--out",
                dir.resolve("out").toString());
        assertEquals(1, r.exit(), r::toString);
        assertEquals("trustmall ingest: error: " + missing + ": no such file", r.err().strip());
    }

    @Test
    void anUnknownFormatOrMappingRoleIsAUsageError() {
        Cli f = Cli.run("data", "ingest", "--format", "xml", "--input", "x", "--out", "y");
        assertEquals(2, f.exit(), f::toString);
        assertTrue(f.err().contains("unknown format 'xml'"), f::toString);
        Cli m = Cli.run("data", "ingest", "--format", "csv", "--input", "x", "--out", "y", "--map", "buyer=b");
        assertEquals(2, m.exit(), m::toString);
        assertTrue(m.err().contains("unknown role 'buyer'"), m::toString);
    }
}
