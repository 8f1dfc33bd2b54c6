package org.trustmall.data.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sequence files: one user per line, items in time order; a line without items or with control bytes is bad. */
class SequenceFileReaderTest {
    @TempDir
    Path dir;

    @Test
    void eachLineBecomesTheUsersItemsInOrderAndBadLinesAreQuarantined() {
        Path in = Runs.write(dir, "seq.txt", "1 10 11 12\n"
                + "2\n"
                + "\n"
                + "3\t20  21\n"
                + "4 3\u0000\n"
                + "5 " + "9".repeat(1001) + "\n"
                + "6 \uFFFD\n");

        Runs run = Runs.ingest(IngestRequest.of(Format.SEQUENCE, in, dir.resolve("out")).withDefaultEvent("purchase"));

        assertEquals(List.of("2:missing-item", "5:control-character", "6:field-too-long", "7:bad-encoding"),
                run.rejected());
        assertEquals(6, run.report().rowsRead());
        assertEquals(2, run.report().rowsAccepted());
        assertEquals(5, run.report().interactions());
        assertEquals(List.of("1:10@0", "1:11@1", "1:12@2", "3:20@0", "3:21@1"), run.interactions().stream()
                .map(n -> n.get("user").asText() + ":" + n.get("item").asText() + "@" + n.get("timestamp").asLong())
                .toList());
        assertEquals("purchase", run.interactions().get(0).get("event").asText());
    }
}
