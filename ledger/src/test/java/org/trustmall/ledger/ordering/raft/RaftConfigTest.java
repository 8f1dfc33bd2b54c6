package org.trustmall.ledger.ordering.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's config file: read with defaults and relative paths, and every error named by file and field. */
class RaftConfigTest {
    private static final String VALID = """
            node.id=n2
            node.address=10.0.0.2:7001
            peers=n1=10.0.0.1:7001, n2=10.0.0.2:7001 ,n3=10.0.0.3:7001
            ledger.dir=data/ledger
            raft.dir=/var/raft
            organisation=logistics
            key.file=keys/logistics.key
            """;

    @TempDir
    Path tmp;

    private Path write(String text) throws Exception {
        Path file = tmp.resolve("node.properties");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aValidFileIsReadWithDefaultsAndPathsRelativeToIt() throws Exception {
        RaftConfig c = RaftConfig.load(write(VALID));
        assertEquals("n2", c.nodeId());
        assertEquals("10.0.0.2", c.host());
        assertEquals(7001, c.port());
        assertEquals(Map.of("n1", "10.0.0.1:7001", "n2", "10.0.0.2:7001", "n3", "10.0.0.3:7001"), c.peers());
        assertEquals(tmp.resolve("data/ledger"), c.ledgerDir());
        assertEquals(Path.of("/var/raft"), c.raftDir());
        assertEquals(tmp.resolve("keys/logistics.key"), c.keyFile());
        assertEquals(RaftConfig.DEFAULT_GROUP, c.group());
        assertEquals(2000, c.maxBatch());
        assertEquals(Duration.ofMillis(4), c.maxBatchDelay());
    }

    @Test
    void eachMistakeNamesTheFileTheFieldAndTheReason() throws Exception {
        assertError(VALID.replace("node.id=n2\n", ""), "node.id", "is missing");
        assertError(VALID.replace("10.0.0.2:7001\npeers", "10.0.0.2\npeers"), "node.address", "is not host:port");
        assertError(VALID.replace("node.address=10.0.0.2:7001", "node.address=10.0.0.2:7002"), "node.address",
                "differs from this node's address in peers");
        assertError(VALID.replace("n3=10.0.0.3:7001", "n1=10.0.0.3:7001"), "peers", "node n1 is listed twice");
        assertError(VALID.replace("n3=10.0.0.3:7001", "n3"), "peers", "'n3' is not id=host:port");
        assertError(VALID + "batch.max=lots\n", "batch.max", "'lots' is not a whole number");
        assertError(VALID + "batch.max=0\n", "batch.max", "0 is outside 1..100000");
        assertError(VALID + "election.timeout.min.ms=500\nelection.timeout.max.ms=400\n", "election.timeout.max.ms",
                "must exceed election.timeout.min.ms (500)");
        assertError(VALID + "colour=blue\n", "colour", "unknown field");
        assertError(VALID.replace("raft.dir=/var/raft", "raft.dir=data/ledger"), "raft.dir", "must differ");
    }

    private void assertError(String text, String field, String reason) throws Exception {
        Path file = write(text);
        RaftConfigException e = assertThrows(RaftConfigException.class, () -> RaftConfig.load(file));
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": " + field + ": "),
                e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
