package org.trustmall.data.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON Lines ingest: fields by mapping, strings or numbers; broken lines quarantined by line number. */
class JsonLinesReaderTest {
    @TempDir
    Path dir;

    @Test
    void jsonLinesWithBadLinesKeepsTheGoodOnesAndQuarantinesEachBadLine() {
        Path in = Runs.write(dir, "in.jsonl", String.join("\n",
                "{\"who\":\"u1\",\"what\":\"i1\",\"at\":\"2024-01-01T00:00:00Z\",\"kind\":\"cart\"}", // 1 ok
                "{\"who\":\"u1\",\"what\":17,\"at\":\"2024-01-02\"}",                               // 2 ok (number id)
                "{\"who\":\"u2\",\"what\":\"i2\"",                                                     // 3 bad json
                "[1,2,3]",                                                                           // 4 not an object
                "",                                                                                  // 5 blank
                "{\"what\":\"i3\",\"at\":\"2024-01-01\"}",                                           // 6 missing user
                "{\"who\":\"u3\",\"what\":{\"id\":3},\"at\":\"2024-01-01\"}",                        // 7 not scalar
                "{\"who\":\"u3\",\"what\":\"i3\"}",                                                  // 8 no timestamp
                "{\"who\":\"u3\",\"what\":\"i3\",\"at\":\"2024-01-01\",\"stars\":0.5}",              // 9 ok
                "{\"who\":\"u3\",\"what\":\"i3\",\"at\":\"2024-01-01\",\"stars\":-1}"));            // 10 range
        IngestRequest req = IngestRequest.of(Format.JSONL, in, dir.resolve("out"))
                .withMapping(ColumnMapping.parse("user=who,item=what,timestamp=at,event=kind,rating=stars"))
                .withTimestampFormat(TimestampFormat.ISO);

        Runs run = Runs.ingest(req);

        assertEquals(List.of("3:bad-json", "4:bad-json", "6:missing-user", "7:bad-json", "8:bad-timestamp",
                "10:rating-out-of-range"), run.rejected());
        assertEquals(9, run.report().rowsRead());
        assertEquals(3, run.report().rowsAccepted());
        assertEquals(List.of("i1", "17", "i3"), run.interactions().stream().map(n -> n.get("item").asText())
                .toList());
        assertEquals("cart", run.interactions().get(0).get("event").asText());
        assertEquals(0.5, run.interactions().get(2).get("rating").asDouble());
    }
}
