package org.trustmall.data.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.data.DataException;

/** CSV and TSV ingest: good rows kept in order, each bad row quarantined with its line and reason. */
class DelimitedReaderTest {
    @TempDir
    Path dir;

    private IngestRequest csv(Path in) {
        return IngestRequest.of(Format.CSV, in, dir.resolve("out"));
    }

    @Test
    void csvWithBadRowsKeepsTheGoodOnesAndQuarantinesEachBadRowWithItsLineAndReason() {
        String longId = "x".repeat(1001);
        Path in = Runs.write(dir, "in.csv", String.join("\n",
                "user_id,item_id,timestamp,event,rating",     // 1
                "u1,i1,1700000000,view,",                     // 2 ok
                "u1,i2,1700000060,purchase,4.5",              // 3 ok
                "u2,i1,1700000100",                           // 4 wrong column count
                ",i3,1700000200,view,",                       // 5 missing user
                "u3,,1700000200,view,",                       // 6 missing item
                "u3,i3,yesterday,view,",                      // 7 bad timestamp
                "u3,i3,1700000300,view,five",                 // 8 bad rating
                "u3,i3,1700000300,view,9",                    // 9 rating out of range
                "u3,i3,1700000300,like,",                     // 10 bad event
                longId + ",i3,1700000300,view,",              // 11 field too long
                "u3,i\u00073,1700000300,view,",               // 12 control character
                "u3,i\"3,1700000300,view,",                   // 13 bad quoting
                "",                                           // 14 blank: skipped, not a row
                "u4,i4,1700000400,,3",                        // 15 ok (a rating)
                ""));

        Runs run = Runs.ingest(csv(in));

        assertEquals(List.of("4:wrong-column-count", "5:missing-user", "6:missing-item", "7:bad-timestamp",
                "8:bad-rating", "9:rating-out-of-range", "10:bad-event", "11:field-too-long", "12:control-character",
                "13:bad-quoting"), run.rejected());
        IngestReport r = run.report();
        assertEquals(13, r.rowsRead());
        assertEquals(3, r.rowsAccepted());
        assertEquals(10, r.rowsQuarantined());
        assertEquals(3, r.interactions());
        assertEquals(2, r.users());
        assertEquals(3, r.items());
        assertEquals(1L, r.quarantinedBy().get("bad-event"));
        JsonNode first = run.interactions().get(0);
        assertEquals("u1", first.get("user").asText());
        assertEquals(1_700_000_000_000L, first.get("timestamp").asLong());
        assertEquals("view", first.get("event").asText());
        assertNull(first.get("rating"));
        assertEquals(4.5, run.interactions().get(1).get("rating").asDouble());
        assertEquals("rating", run.interactions().get(2).get("event").asText());
        JsonNode q = run.quarantine().get(7);
        assertEquals(in.toString(), q.get("file").asText());
        assertEquals(500, q.get("raw").asText().length(), "raw text is cut to 500 characters");
    }

    @Test
    void csvQuotingHoldsCommasEscapedQuotesAndLineBreaksAndCrlfEndsRows() throws Exception {
        Path in = Runs.write(dir, "q.csv", "user,item,note\r\n"
                + "\"u,1\",\"the \"\"best\"\" item\",plain\r\n"
                + "u2,i2,\"two\r\nlines\"\r\n"
                + "u3,i3,after\r\n"
                + "u4,\"i4\"x,bad\r\n"
                + "u5,i5,ok");
        Runs run = Runs.ingest(csv(in).withMapping(ColumnMapping.parse("user=user,item=item")));

        assertEquals(List.of("u,1", "u2", "u3", "u5"),
                run.interactions().stream().map(n -> n.get("user").asText()).toList());
        assertEquals("the \"best\" item", run.interactions().get(0).get("item").asText());
        // The quoted line break belongs to row 3; row 5 is counted by physical lines (4 is the second half).
        assertEquals(List.of("6:bad-quoting"), run.rejected());
        assertEquals(5, run.interactions().get(2).get("timestamp").asLong(), "no time column: the line is the order");
    }

    @Test
    void aQuoteNeverClosedQuarantinesTheRestOfTheFileAsOneRow() {
        Path in = Runs.write(dir, "open.csv", "user_id,item_id\nu1,i1\nu2,\"i2\nu3,i3\n");
        Runs run = Runs.ingest(csv(in));
        assertEquals(List.of("3:bad-quoting"), run.rejected());
        assertEquals(1, run.report().interactions());
    }

    @Test
    void timestampsAreReadInEachOfTheThreeFormats() {
        Path s = Runs.write(dir, "s.csv", "user_id,item_id,timestamp\nu,i,1700000000\nu,i,1700000000.25\n");
        Path ms = Runs.write(dir, "ms.csv", "user_id,item_id,timestamp\nu,i,1700000000250\nu,i,1.5\n");
        Path iso = Runs.write(dir, "iso.csv", "user_id,item_id,timestamp\nu,i,2023-11-14T22:13:20Z\n"
                + "u,i,2023-11-15T06:13:20+08:00\nu,i,2023-11-14T22:13:20\nu,i,2023-11-14\nu,i,14/11/2023\n");

        Runs rs = Runs.ingest(csv(s));
        assertEquals(List.of(1_700_000_000_000L, 1_700_000_000_250L), times(rs));
        Runs rms = Runs.ingest(csv(ms).withTimestampFormat(TimestampFormat.EPOCH_MS));
        assertEquals(List.of(1_700_000_000_250L), times(rms));
        assertEquals(List.of("3:bad-timestamp"), rms.rejected());
        Runs riso = Runs.ingest(csv(iso).withTimestampFormat(TimestampFormat.ISO));
        assertEquals(List.of(1_700_000_000_000L, 1_700_000_000_000L, 1_700_000_000_000L, 1_699_920_000_000L),
                times(riso));
        assertEquals(List.of("6:bad-timestamp"), riso.rejected());
    }

    private static List<Long> times(Runs r) {
        return r.interactions().stream().map(n -> n.get("timestamp").asLong()).toList();
    }

    @Test
    void tsvSplitsOnTabsWithoutQuotingAndQuarantinesRowsOfTheWrongWidth() {
        Path in = Runs.write(dir, "in.tsv", "uid\tsku\twhen\n"
                + "a\t\"x\"\t2023-01-01\n"
                + "b\ty\n"
                + "c\tz\t2023-01-02\textra\n"
                + "d\tw\tnot-a-date\n"
                + "e\tv\t2023-01-03\n");
        Runs run = Runs.ingest(IngestRequest.of(Format.TSV, in, dir.resolve("out"))
                .withMapping(ColumnMapping.parse("user=uid,item=sku,timestamp=when"))
                .withTimestampFormat(TimestampFormat.ISO));
        assertEquals(List.of("3:wrong-column-count", "4:wrong-column-count", "5:bad-timestamp"), run.rejected());
        assertEquals(List.of("\"x\"", "v"), run.interactions().stream().map(n -> n.get("item").asText()).toList());
    }

    @Test
    void aHeaderWithoutTheMappedColumnIsAnErrorNamingTheFileAndTheColumns() {
        Path in = Runs.write(dir, "h.csv", "a,b\n1,2\n");
        DataException e = assertThrows(DataException.class,
                () -> Ingest.run(csv(in).withMapping(ColumnMapping.parse("item=b")), IngestListener.NONE));
        assertTrue(e.getMessage().contains("h.csv") && e.getMessage().contains("user=user_id"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out").resolve("interactions.jsonl")), "nothing half-written");
    }

    @Test
    void aFileThatCannotBeOpenedIsAnErrorNamingItNotAQuarantine() {
        Path missing = dir.resolve("nope.csv");
        DataException.Unreadable e = assertThrows(DataException.Unreadable.class,
                () -> Ingest.run(csv(missing), IngestListener.NONE));
        assertEquals(missing, e.file());
        assertTrue(e.getMessage().contains("nope.csv"), e.getMessage());
    }

    @Test
    void aRerunReplacesTheOutputsAndLeavesNoTemporaryFiles() throws Exception {
        Path in = Runs.write(dir, "in.csv", "user_id,item_id\nu1,i1\n");
        Runs.ingest(csv(in));
        Runs.write(dir, "in.csv", "user_id,item_id\nu1,i1\nu2,i2\n");
        Runs again = Runs.ingest(csv(in));
        assertEquals(2, again.interactions().size());
        try (var files = Files.list(dir.resolve("out"))) {
            assertEquals(List.of("interactions.jsonl", "quarantine.jsonl"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(Map.of(), again.report().quarantinedBy());
    }
}
