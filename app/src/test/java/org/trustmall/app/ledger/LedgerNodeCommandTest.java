package org.trustmall.app.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.app.Cli;

/** {@code ledger node}: a wrong config file is reported by file, field and reason, without a stack trace. */
class LedgerNodeCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aMissingConfigFileIsNamed() {
        Path file = tmp.resolve("absent.properties");
        Cli r = Cli.run("ledger", "node", "--config", file.toString());
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().contains(file.toString()), r::toString);
        assertFalse(r.err().contains("\tat "), r::toString);
    }

    @Test
    void aPeerListWithoutThisNodeIsReportedByField() throws Exception {
        Path file = tmp.resolve("n1.properties");
        Files.writeString(file, """
                node.id=n1
                node.address=127.0.0.1:7001
                peers=n2=127.0.0.1:7002,n3=127.0.0.1:7003
                ledger.dir=ledger
                raft.dir=raft
                organisation=platform
                key.file=platform.key
                """);
        Cli r = Cli.run("ledger", "node", "--config", file.toString());
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().contains(file + ": peers: does not list this node (n1)"), r::toString);
    }
}
