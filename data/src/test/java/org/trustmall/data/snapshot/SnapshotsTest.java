package org.trustmall.data.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.data.ingest.Interaction;

/** Snapshot folders on real files: content addressing, atomic immutable writes, and verification on open. */
class SnapshotsTest {
    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");
    private static final Snapshots.Spec SPEC = new Snapshots.Spec("personalisation-v1", "test",
            Map.of("i1", 10.0, "i2", 30.0), CREATED);

    @TempDir
    Path dir;

    static List<Interaction> rows() {
        return List.of(
                new Interaction("u2", "i1", 5_000, "view", null),
                new Interaction("u1", "i2", 2_000, "purchase", null),
                new Interaction("u1", "i1", 1_000, "view", null),
                new Interaction("u1", "i1", 1_000, "rating", 4.0),
                new Interaction("u2", "i3", 86_405_000, "cart", null));
    }

    private Path rowsFile(Snapshot s) {
        return s.dir().resolve(Snapshots.ROWS);
    }

    @Test
    void aSnapshotIsAFolderNamedByItsRootWithCanonicalRowsAndAManifest() throws Exception {
        Snapshot s = Snapshots.write(dir, rows(), SPEC);

        assertEquals(dir.resolve(Snapshots.root(rows())), s.dir());
        assertEquals(List.of(
                "{\"user\":\"u1\",\"timestamp\":1000,\"item\":\"i1\",\"event\":\"rating\",\"rating\":4.0}",
                "{\"user\":\"u1\",\"timestamp\":1000,\"item\":\"i1\",\"event\":\"view\"}",
                "{\"user\":\"u1\",\"timestamp\":2000,\"item\":\"i2\",\"event\":\"purchase\"}",
                "{\"user\":\"u2\",\"timestamp\":5000,\"item\":\"i1\",\"event\":\"view\"}",
                "{\"user\":\"u2\",\"timestamp\":86405000,\"item\":\"i3\",\"event\":\"cart\"}"),
                Files.readAllLines(rowsFile(s)));
        Snapshot.Manifest m = s.manifest();
        assertEquals(5, m.rows());
        assertEquals(2, m.users());
        assertEquals(3, m.items());
        assertEquals(Snapshots.SCHEMA_HASH, m.schemaHash());
        assertEquals(Map.of("view", 2L, "rating", 1L, "purchase", 1L, "cart", 1L), m.events());
        assertEquals(CREATED, m.created());
        // i1 has 3 interactions, i2 and i3 one each: μ = 5/3.
        assertEquals(5.0 / 3, m.normaliser().stats("interactions").mean(), 1e-12);
        assertEquals(2, m.normaliser().stats("price").count(), "only the catalogue's priced items");
        assertEquals(1, m.normaliser().stats("rating_mean").count(), "only rated items");
        assertEquals(List.of(s.root()), Snapshots.list(dir).stream().map(p -> p.getFileName().toString()).toList());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(1, left.count(), "no temporary folder is left behind");
        }
    }

    @Test
    void openingASnapshotReturnsExactlyWhatWasWritten() {
        Snapshot written = Snapshots.write(dir, rows(), SPEC);
        Snapshot opened = Snapshots.open(written.dir());
        assertEquals(written.rows(), opened.rows());
        assertEquals(written.manifest().root(), opened.manifest().root());
        assertEquals(written.manifest().events(), opened.manifest().events());
        assertEquals(written.manifest().normaliser().toJson(), opened.manifest().normaliser().toJson());
        assertEquals(CREATED, opened.manifest().created());
    }

    @Test
    void writingTheSameRowsAgainNeverOverwritesTheSnapshotThere() throws Exception {
        Snapshot first = Snapshots.write(dir, rows(), SPEC);
        byte[] manifest = Files.readAllBytes(first.dir().resolve(Snapshots.MANIFEST));
        List<Interaction> reversed = new ArrayList<>(rows()).reversed();

        Snapshot second = Snapshots.write(dir, reversed, new Snapshots.Spec("other-policy", "other", Map.of(),
                CREATED.plusSeconds(60)));

        assertEquals(first.dir(), second.dir());
        assertEquals("personalisation-v1", second.manifest().consentPolicy(), "the snapshot already there");
        assertEquals(new String(manifest, StandardCharsets.UTF_8),
                Files.readString(first.dir().resolve(Snapshots.MANIFEST)));
    }

    @Test
    void aChangedRowIsDetectedOnOpen() throws Exception {
        Snapshot s = Snapshots.write(dir, rows(), SPEC);
        Path file = rowsFile(s);
        Files.writeString(file, Files.readString(file).replace("\"rating\":4.0", "\"rating\":5.0"));
        SnapshotTampered e = assertThrows(SnapshotTampered.class, () -> Snapshots.open(s.dir()));
        assertTrue(e.getMessage().contains("hash to root"), e::getMessage);
        assertEquals(s.dir(), e.folder());
    }

    @Test
    void aRemovedAReorderedOrAnAddedRowIsDetectedOnOpen() throws Exception {
        Snapshot s = Snapshots.write(dir, rows(), SPEC);
        Path file = rowsFile(s);
        List<String> lines = Files.readAllLines(file);

        Files.write(file, lines.subList(1, lines.size()));
        assertThrows(SnapshotTampered.class, () -> Snapshots.open(s.dir()));

        List<String> swapped = new ArrayList<>(lines);
        swapped.set(0, lines.get(1));
        swapped.set(1, lines.get(0));
        Files.write(file, swapped);
        assertThrows(SnapshotTampered.class, () -> Snapshots.open(s.dir()));

        List<String> more = new ArrayList<>(lines);
        more.add("{\"user\":\"u9\",\"timestamp\":1,\"item\":\"i1\",\"event\":\"view\"}");
        Files.write(file, more);
        assertThrows(SnapshotTampered.class, () -> Snapshots.open(s.dir()));

        Files.writeString(file, String.join("\r\n", lines) + "\r\n");
        assertThrows(SnapshotTampered.class, () -> Snapshots.open(s.dir()), "line endings are bytes too");

        Files.write(file, lines);
        assertEquals(5, Snapshots.open(s.dir()).rows().size(), "restored, it verifies again");
    }

    @Test
    void anAlteredManifestARenamedFolderOrAMissingFileIsDetectedOnOpen() throws Exception {
        Snapshot s = Snapshots.write(dir, rows(), SPEC);
        Path manifest = s.dir().resolve(Snapshots.MANIFEST);
        String original = Files.readString(manifest);

        Files.writeString(manifest, original.replace("\"users\" : 2", "\"users\" : 1"));
        assertTrue(assertThrows(SnapshotTampered.class, () -> Snapshots.open(s.dir())).getMessage()
                .contains("counts"));
        Files.writeString(manifest, original);

        Path renamed = dir.resolve("0".repeat(64));
        Files.move(s.dir(), renamed);
        assertTrue(assertThrows(SnapshotTampered.class, () -> Snapshots.open(renamed)).getMessage()
                .contains("folder's name"));
        Files.move(renamed, s.dir());

        Files.delete(rowsFile(s));
        assertTrue(assertThrows(SnapshotTampered.class, () -> Snapshots.open(s.dir())).getMessage()
                .contains("missing"));
        Files.delete(manifest);
        assertThrows(SnapshotTampered.class, () -> Snapshots.open(s.dir()));
    }

    @Test
    void anEmptySnapshotHasTheEmptyTreesRoot() {
        Snapshot s = Snapshots.write(dir, List.of(), SPEC);
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", s.root());
        assertEquals(0, Snapshots.open(s.dir()).rows().size());
        assertFalse(s.manifest().normaliser().features().isEmpty());
    }

    @Test
    void labelsThatCouldCarryFreeTextAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Snapshots.Spec("policy v1", "test", Map.of(),
                CREATED));
        assertThrows(IllegalArgumentException.class, () -> new Snapshots.Spec("p", "/home/li.lei/data", Map.of(),
                CREATED));
    }
}
