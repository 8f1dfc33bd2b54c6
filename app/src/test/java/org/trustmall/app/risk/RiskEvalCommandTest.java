package org.trustmall.app.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trustmall.app.Cli;
import org.trustmall.ledger.proof.LedgerJson;

/** {@code risk eval} through the real command line, on a small scenario. */
class RiskEvalCommandTest {

    @Test
    void evalPrintsBothModelsFiguresCountsAndTheFraudRateAsJson() throws IOException {
        Cli run = Cli.run("risk", "eval", "--seed", "3", "--orders", "3000", "--json");
        assertEquals(0, run.exit(), run.toString());
        JsonNode doc = LedgerJson.mapper().readTree(run.out());
        for (String key : List.of("models", "fraud_rate", "counts", "split", "pr_auc_ratio", "features_version",
                "seed")) {
            assertTrue(doc.has(key), key + " missing in " + run.out());
        }
        JsonNode models = doc.get("models");
        assertEquals(2, models.size());
        assertEquals("xgboost", models.get(0).get("name").asText());
        assertEquals("logistic", models.get(1).get("name").asText());
        for (JsonNode m : models) {
            for (String key : List.of("pr_auc", "roc_auc", "recall_at_1pct_fpr")) {
                double v = m.get(key).asDouble();
                assertTrue(v >= 0 && v <= 1, key + " = " + v);
            }
            assertEquals(64, m.get("sha256").asText().length());
        }
        JsonNode counts = doc.get("counts");
        assertEquals(counts.get("orders").asInt(),
                counts.get("warm_up").asInt() + counts.get("train").asInt() + counts.get("test").asInt());
        double rate = doc.get("fraud_rate").asDouble();
        assertTrue(rate > 0.01 && rate < 0.06, "fraud rate " + rate);
        assertEquals(3, doc.get("seed").asLong());
    }

    @Test
    void theSameSeedPrintsTheSameFigures() throws IOException {
        JsonNode a = LedgerJson.mapper().readTree(Cli.run("risk", "eval", "--orders", "2000", "--json").out());
        JsonNode b = LedgerJson.mapper().readTree(Cli.run("risk", "eval", "--orders", "2000", "--json").out());
        assertEquals(a.get("models").get(0).get("sha256"), b.get("models").get(0).get("sha256"));
        assertEquals(a.get("models").get(0).get("pr_auc"), b.get("models").get(0).get("pr_auc"));
        assertEquals(a.get("models").get(1).get("pr_auc"), b.get("models").get(1).get("pr_auc"));
    }

    @Test
    void aSizeOutOfRangeIsAUsageErrorNamingTheOption() {
        Cli run = Cli.run("risk", "eval", "--orders", "10");
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("--orders"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }
}
