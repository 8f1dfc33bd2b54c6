package org.trustmall.app.recsys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.trustmall.ai.recsys.TrainingSet;
import org.trustmall.app.Cli;
import org.trustmall.ledger.proof.LedgerJson;

/** {@code recsys bench} through the real command line, on a catalogue small enough for a unit test. */
class RecsysBenchCommandTest {
    @Test
    void itReportsLatencyPercentilesForTheModelItTrained() throws Exception {
        Cli r = Cli.run("recsys", "bench", "--items", "500", "--users", "300", "--requests", "200", "--warmup", "50",
                "--json");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.err(), "no progress bar with --json");
        JsonNode doc = LedgerJson.mapper().readTree(r.out());
        assertEquals(500, doc.get("items").asInt());
        assertEquals("itemknn", doc.get("model").asText());
        assertEquals(200, doc.get("requests").asInt());
        double p50 = doc.get("p50_ms").asDouble();
        double p99 = doc.get("p99_ms").asDouble();
        assertTrue(p50 > 0 && p50 <= p99 && p99 <= doc.get("max_ms").asDouble(), doc::toString);
        assertTrue(doc.get("cpu_p50_ms").asDouble() <= doc.get("cpu_p99_ms").asDouble(), doc::toString);
    }

    @Test
    void anUnknownFamilyOrCandidateIsAUsageError() {
        Cli f = Cli.run("recsys", "bench", "--items", "500", "--model", "nosuch");
        assertEquals(2, f.exit(), f::toString);
        assertTrue(f.err().contains("unknown model family 'nosuch'"), f::toString);
        Cli c = Cli.run("recsys", "bench", "--items", "500", "--model", "mf", "--candidate", "nosuch");
        assertEquals(2, c.exit(), c::toString);
        assertTrue(c.err().contains("family 'mf' has no candidate 'nosuch'; it has: als-64"), c::toString);
    }

    @Test
    void theSyntheticCatalogueIsSeededAndUsesEveryPartOfIt() {
        TrainingSet a = ServingBench.synthetic(1000, 2000, 5);
        TrainingSet b = ServingBench.synthetic(1000, 2000, 5);
        assertEquals(a.interactionCount(), b.interactionCount());
        for (int u = 0; u < a.sequences().size(); u++) {
            assertTrue(Arrays.equals(a.sequences().get(u), b.sequences().get(u)));
        }
        boolean[] seen = new boolean[1000];
        a.sequences().forEach(s -> Arrays.stream(s).forEach(i -> seen[i] = true));
        int used = 0;
        for (boolean x : seen) {
            used += x ? 1 : 0;
        }
        assertTrue(used > 900, "items used: " + used);
        assertTrue(a.interactionCount() / 2000.0 > 6 && a.interactionCount() / 2000.0 < 12);
    }
}
