package org.trustmall.app.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.trustmall.app.Cli;

/**
 * {@code ledger chaos} for real: three node processes under load, the leader killed with SIGKILL and restarted, every
 * node's ledger read at the end. Speed is not asserted (the figures are printed); what must hold is.
 */
class LedgerChaosCommandTest {

    @Test
    void killingTheLeaderUnderLoadLosesNothingAcknowledgedAndEveryNodeEndsAtTheSameRoot() throws Exception {
        Cli run = Cli.run("ledger", "chaos", "--nodes", "3", "--seconds", "6", "--clients", "2", "--batch", "200",
                "--json");
        assertEquals(0, run.exit(), run::toString);
        JsonNode o = new ObjectMapper().readTree(run.out());
        for (String key : List.of("committed_tps", "acked", "lost_acked", "failover_ms", "failover_ms_each",
                "roots_equal", "kills", "embedded_tps", "ratio", "ledgers", "killed")) {
            assertTrue(o.has(key), "missing " + key + " in " + o);
        }
        assertEquals(0, o.get("lost_acked").asLong(), o::toString);
        assertTrue(o.get("roots_equal").asBoolean(), o::toString);
        assertTrue(o.get("acked").asLong() > 0, o::toString);
        assertTrue(o.get("kills").asInt() >= 1, o::toString);
        JsonNode kill = o.get("killed").get(0);
        assertEquals(137, kill.get("exit_status").asInt(), "the leader must die by SIGKILL (128 + 9): " + o);
        assertTrue(kill.get("failover_ms").asLong() > 0 && o.get("failover_ms").asLong() > 0, o::toString);
        assertTrue(kill.get("caught_up_ms").asLong() > 0, o::toString);
        Set<String> blocks = new HashSet<>();
        for (JsonNode node : o.get("ledgers")) {
            blocks.add(node.get("height").asLong() + "/" + node.get("block_hash").asText());
            assertEquals(0, node.get("missing_acked").asLong(), o::toString);
        }
        assertEquals(1, blocks.size(), o::toString);
        assertEquals(3, o.get("ledgers").size(), o::toString);
        assertTrue(o.get("embedded_tps").asDouble() > 0 && o.get("ratio").asDouble() > 0, o::toString);
    }

    @Test
    void usageErrorsNameTheOption() {
        Cli nodes = Cli.run("ledger", "chaos", "--nodes", "4", "--seconds", "10");
        assertEquals(2, nodes.exit(), nodes::toString);
        assertTrue(nodes.err().contains("'--nodes' must be 3 or 5"), nodes::toString);
        Cli seconds = Cli.run("ledger", "chaos", "--seconds", "1");
        assertEquals(2, seconds.exit(), seconds::toString);
        assertTrue(seconds.err().contains("'--seconds'"), seconds::toString);
        Cli clients = Cli.run("ledger", "chaos", "--clients", "0");
        assertEquals(2, clients.exit(), clients::toString);
        assertTrue(clients.err().contains("'--clients'"), clients::toString);
        Cli kills = Cli.run("ledger", "chaos", "--seconds", "10", "--kills", "5");
        assertEquals(2, kills.exit(), kills::toString);
        assertTrue(kills.err().contains("'--kills'"), kills::toString);
    }
}
