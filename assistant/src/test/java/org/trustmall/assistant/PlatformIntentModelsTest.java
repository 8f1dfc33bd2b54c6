package org.trustmall.assistant;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trustmall.ai.intent.IntentClassifier;
import org.trustmall.ai.intent.IntentEvaluation;
import org.trustmall.ai.intent.IntentExample;

/**
 * How well the platform's own intents are recognised in each language, on examples held out of both training and
 * calibration (a fifth of each intent, a third of the out-of-scope ones): the figures the README reports.
 */
class PlatformIntentModelsTest {

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void heldOutPlatformIntentsAreRecognisedAndOutOfScopeOnesRejected(String lang) {
        PlatformIntents platform = PlatformIntents.bundled();
        Map<String, List<IntentExample>> byIntent = new LinkedHashMap<>();
        platform.examples(lang).forEach(e -> byIntent.computeIfAbsent(e.label(), k -> new ArrayList<>()).add(e));
        List<IntentExample> train = new ArrayList<>();
        List<IntentExample> calibration = new ArrayList<>();
        List<IntentExample> test = new ArrayList<>();
        byIntent.values().forEach(list -> {
            for (int i = 0; i < list.size(); i++) {
                (i % 5 == 4 ? test : i % 5 == 3 ? calibration : train).add(list.get(i));
            }
        });
        List<String> oos = platform.outOfScope(lang);
        List<String> oosTrain = new ArrayList<>();
        List<String> oosCalibration = new ArrayList<>();
        List<String> oosTest = new ArrayList<>();
        for (int i = 0; i < oos.size(); i++) {
            (i % 3 == 0 ? oosTrain : i % 3 == 1 ? oosCalibration : oosTest).add(oos.get(i));
        }
        IntentClassifier c = IntentClassifier.train(Assistants.encoders().get(lang),
                new IntentClassifier.Data(train, oosTrain, calibration, oosCalibration), Assistants.DEFAULT_SEED,
                IntentClassifier.Listener.NONE);
        IntentEvaluation e = IntentEvaluation.evaluate(c, test, oosTest);
        System.out.printf(Locale.ROOT, "platform intents %s: {\"in_scope_accuracy\": %.3f, \"oos_recall\": %.3f, "
                        + "\"test\": %d, \"test_oos\": %d, \"threshold\": %.3f}%n", lang, e.inScopeAccuracy(),
                e.outOfScopeRecall(), test.size(), oosTest.size(), c.threshold());
        assertTrue(e.inScopeAccuracy() >= 0.83, () -> lang + " in-scope accuracy " + e.inScopeAccuracy());
        assertTrue(e.outOfScopeRecall() >= 0.70, () -> lang + " out-of-scope recall " + e.outOfScopeRecall());
    }
}
