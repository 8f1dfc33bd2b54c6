package org.trustmall.data.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RecBole atomic files: sequences expanded per user, item indices mapped to ids, the catalogue read beside them. */
class RecBoleReaderTest {
    @TempDir
    Path dir;

    /** ../shared/datasets/amazon-scientific from the repository root (see the root pom). */
    static Path scientific() {
        return Path.of(System.getProperty("trustmall.shared.dir", "../../shared"))
                .resolve("datasets").resolve("amazon-scientific");
    }

    @Test
    void sequenceRowsExpandToEachUsersLongestSequenceAndBadRowsAreQuarantined() {
        Runs.write(dir, "Toy.item2index", "A\t0\nB\t1\nC\t2\nD\n");
        Runs.write(dir, "Toy.text", "item_id:token\ttext:token_seq\nA\tApple. Fruit.\nB\tBanana\n\tnameless\n");
        Runs.write(dir, "Toy.train.inter", "user_id:token\titem_id_list:token_seq\titem_id:token\n"
                + "0\t0\t1\n"          // 2 ok
                + "0\t0 1\t2\n"        // 3 ok
                + "1\t2 9\t0\n"        // 4 unknown item index
                + "1\t2\n"             // 5 wrong column count
                + "\t2\t0\n"           // 6 missing user
                + "1\t2\t1\n");        // 7 ok
        Runs.write(dir, "Toy.test.inter", "user_id:token\titem_id_list:token_seq\titem_id:token\n"
                + "0\t0 1 2\t1\n");

        Runs run = Runs.ingest(IngestRequest.of(Format.RECBOLE, dir, dir.resolve("out")));

        assertEquals(List.of("4:missing-item", "5:wrong-column-count", "6:missing-user"), rejectedInter(run));
        assertEquals(List.of("Toy.item2index:4:wrong-column-count", "Toy.text:4:missing-item"), run.quarantine()
                .stream().filter(q -> !q.get("file").asText().endsWith(".inter"))
                .map(q -> Path.of(q.get("file").asText()).getFileName() + ":" + q.get("row").asLong() + ":"
                        + q.get("reason").asText()).toList());
        // test.inter is read first (sorted names): user 0's longest sequence is its test row.
        assertEquals(List.of("0:A@0", "0:B@1", "0:C@2", "0:B@3", "1:C@0", "1:B@1"), run.interactions().stream()
                .map(n -> n.get("user").asText() + ":" + n.get("item").asText() + "@" + n.get("timestamp").asLong())
                .toList());
        assertEquals(2, run.report().catalogueItems());
        assertEquals("Apple. Fruit.", run.items().get(0).get("text").asText());
    }

    private static List<String> rejectedInter(Runs run) {
        return run.quarantine().stream().filter(q -> q.get("file").asText().endsWith(".inter"))
                .map(q -> q.get("row").asLong() + ":" + q.get("reason").asText()).toList();
    }

    @Test
    void plainInterFilesGiveOneInteractionPerRowWithRatingsAndSecondsTimestamps() {
        Path in = Runs.write(dir, "ml.inter", "user_id:token\titem_id:token\trating:float\ttimestamp:float\n"
                + "196\t242\t3\t881250949\n"
                + "186\t302\t3\tlater\n"
                + "22\t377\t1\t878887116\n");
        Runs run = Runs.ingest(IngestRequest.of(Format.RECBOLE, in, dir.resolve("out")));
        assertEquals(List.of("3:bad-timestamp"), run.rejected());
        assertEquals(881_250_949_000L, run.interactions().get(0).get("timestamp").asLong());
        assertEquals("rating", run.interactions().get(0).get("event").asText());
    }

    @Test
    void theScientificDatasetGivesTheReadmesUsersItemsAndInteractions() {
        Path data = scientific();
        assumeTrue(Files.isDirectory(data), "skipped: the Amazon Scientific dataset is not at " + data
                + " (set -Dtrustmall.shared.dir to the shared folder)");

        IngestReport all = Runs.ingest(IngestRequest.of(Format.RECBOLE, data, dir.resolve("all"))).report();

        // README: users 8,442; items 4,385; interactions 59,427 (train 34,101 rows, one valid and test row each).
        assertEquals(8_442, all.users());
        assertEquals(4_385, all.items());
        assertEquals(59_427, all.interactions());
        assertEquals(4_385, all.catalogueItems());
        assertEquals(34_101 + 2 * 8_442 + 2 * 4_385, all.rowsRead(), "inter rows, item2index and text rows");
        assertEquals(0, all.rowsQuarantined());

        // The train file alone: each user's longest train row is the sequence less its last two items.
        IngestReport train = Runs.ingest(IngestRequest.of(Format.RECBOLE, data.resolve("Scientific.train.inter"),
                dir.resolve("train"))).report();
        assertEquals(8_442, train.users());
        assertEquals(34_101 + 8_442, train.interactions());
        assertEquals(0, train.rowsQuarantined());
    }
}
