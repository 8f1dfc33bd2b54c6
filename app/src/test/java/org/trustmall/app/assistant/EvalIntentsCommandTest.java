package org.trustmall.app.assistant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.app.Cli;
import org.trustmall.ledger.proof.LedgerJson;

/** {@code assistant eval-intents} through the real command line, on small CSV files. */
class EvalIntentsCommandTest {
    @TempDir
    Path dir;

    private static final String TRAIN = """
            utterance,intent
            where is my order,order_status
            has my order shipped,order_status
            when will my parcel arrive,order_status
            track my package,order_status
            is my delivery on its way,order_status
            i want a refund,refund
            "refund this item, please",refund
            give me my money back,refund
            how do i return this for a refund,refund
            the item broke and i want a refund,refund
            let me talk to a person,human
            connect me to an agent,human
            i want to speak to a human,human
            get me customer service staff,human
            transfer me to a real person,human
            what is the capital of france,oos
            tell me a joke,oos
            how tall is everest,oos
            play some jazz,oos
            what's the weather tomorrow,oos
            """;

    private static final String TEST = """
            utterance,intent
            where's my parcel,order_status
            i need a refund,refund
            speak to an agent please,human
            who won the world cup,oos
            """;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void aCsvEvaluationPrintsAccuracyRecallAndHowItWasCalibratedAsJson() throws IOException {
        Cli run = Cli.run("assistant", "eval-intents", "--train", write("train.csv", TRAIN).toString(),
                "--test", write("test.csv", TEST).toString(), "--text-col", "utterance", "--label-col", "intent",
                "--oos-label", "oos", "--json");
        assertEquals(0, run.exit(), run.toString());
        JsonNode doc = LedgerJson.mapper().readTree(run.out());
        for (String key : List.of("accuracy", "oos_recall", "in_scope_accuracy", "threshold", "temperature",
                "encoder", "seed", "train_seconds", "counts", "calibration")) {
            assertTrue(doc.has(key), key + " missing in " + run.out());
        }
        assertEquals("csv", doc.get("data").asText());
        assertEquals(3, doc.get("counts").get("test").asInt());
        assertEquals(1, doc.get("counts").get("test_oos").asInt());
        assertEquals(15, doc.get("counts").get("train").asInt());
        assertEquals(4, doc.get("counts").get("train_oos").asInt());
        assertEquals(1, doc.get("counts").get("validation_oos").asInt());
        assertTrue(doc.get("calibration").get("held_out_from_train").asBoolean());
        double accuracy = doc.get("accuracy").asDouble();
        assertTrue(accuracy >= 0 && accuracy <= 1, run.out());
        assertEquals("all-minilm-l6-v2-q", doc.get("encoder").asText());
        assertTrue(run.err().isEmpty(), "no progress with --json: " + run.err());
    }

    @Test
    void aMalformedCsvRowFailsWithTheFileAndRowAndNoStackTrace() throws IOException {
        Path train = write("train.csv", TRAIN + "just one field\n");
        Cli run = Cli.run("assistant", "eval-intents", "--train", train.toString(),
                "--test", write("test.csv", TEST).toString(), "--text-col", "utterance", "--label-col", "intent",
                "--json");
        assertNotEquals(0, run.exit(), run.toString());
        assertTrue(run.err().contains(train.toString()) && run.err().contains("row 22"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
        assertTrue(run.out().isEmpty(), run.out());
    }

    @Test
    void theClincAndCsvFormsCannotBeMixedAndTheCsvFormNamesWhatIsMissing() throws IOException {
        Cli both = Cli.run("assistant", "eval-intents", "--clinc", "x.json", "--train", "a.csv");
        assertNotEquals(0, both.exit());
        assertTrue(both.err().contains("not both"), both.err());
        Cli partial = Cli.run("assistant", "eval-intents", "--train", "a.csv", "--test", "b.csv");
        assertNotEquals(0, partial.exit());
        assertTrue(partial.err().contains("--text-col, --label-col"), partial.err());
    }
}
