package org.trustmall.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.app.Cli;
import org.trustmall.ledger.proof.LedgerJson;

class BenchApiCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aShortApiBenchPrintsReadLatencyCheckoutRateAndTheLedgerBaseline() {
        Cli r = Cli.run("bench", "api", "--dir", tmp.resolve("d").toString(), "--rate", "50", "--read-seconds", "1",
                "--clients", "2", "--checkout-seconds", "1", "--ledger-txs", "300", "--json");
        assertEquals(0, r.exit(), r::toString);
        JsonNode o = LedgerJson.parse(r.out());
        assertEquals(50, o.get("product_reads").get("requests").asLong());
        assertEquals(0, o.get("product_reads").get("errors").asLong(), r::toString);
        assertTrue(o.get("product_reads").get("p99_ms").asDouble() > 0);
        assertTrue(o.get("checkouts").get("completed").asLong() > 0, r::toString);
        assertEquals(0, o.get("checkouts").get("errors").asLong(), r::toString);
        assertEquals(2 * o.get("checkouts").get("completed").asLong(),
                o.get("checkouts").get("ledger_transactions").asLong(),
                "one escrow lock and one risk decision per checkout");
        assertTrue(o.get("ledger_bench_same_machine").get("committed_tps").asDouble() > 0);
    }
}
