package org.trustmall.ai.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.trustmall.ai.text.Encoders;

/** The classifier on six of CLINC150's intents and all its out-of-scope utterances (the full run is the CLI's). */
class ClincSubsetTest {
    private static final Set<String> INTENTS = Set.of("card_declined", "pin_change", "order_status",
            "cancel_reservation", "translate", "weather");

    @Test
    void sixClincIntentsAreRecognisedAndMostOutOfScopeQueriesRejected() {
        Path file = Path.of(System.getProperty("trustmall.shared.dir", "../../shared"),
                "datasets", "clinc150", "data_full.json");
        Assumptions.assumeTrue(Files.isRegularFile(file), file + " is absent (set -Dtrustmall.shared.dir to the "
                + "shared folder): skipped");
        IntentCorpus all = IntentCorpora.clinc(file);
        assertEquals(15_000, all.train().size());
        assertEquals(1_000, all.testOutOfScope().size());
        IntentClassifier classifier = IntentClassifier.train(Encoders.miniLm(), new IntentClassifier.Data(
                only(all.train()), all.trainOutOfScope(), only(all.validation()), all.validationOutOfScope()), 42,
                IntentClassifier.Listener.NONE);
        IntentEvaluation result = IntentEvaluation.evaluate(classifier, only(all.test()), all.testOutOfScope());
        assertEquals(6 * 30, result.inScope());
        assertTrue(result.inScopeAccuracy() >= 0.93, "in-scope accuracy " + result.inScopeAccuracy());
        assertTrue(result.outOfScopeRecall() >= 0.6, "out-of-scope recall " + result.outOfScopeRecall());
    }

    private static List<IntentExample> only(List<IntentExample> examples) {
        return examples.stream().filter(e -> INTENTS.contains(e.label())).toList();
    }
}
