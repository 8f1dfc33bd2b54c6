package org.trustmall.ai.intent;

import java.util.List;
import java.util.Objects;

/**
 * A labelled intent data set, split for training, calibration and test, with out-of-scope utterances kept apart
 * from the known intents. Lists a source does not have are empty.
 */
public record IntentCorpus(List<IntentExample> train, List<String> trainOutOfScope, List<IntentExample> validation,
                           List<String> validationOutOfScope, List<IntentExample> test, List<String> testOutOfScope) {
    public IntentCorpus {
        train = List.copyOf(Objects.requireNonNull(train, "train"));
        trainOutOfScope = List.copyOf(Objects.requireNonNull(trainOutOfScope, "trainOutOfScope"));
        validation = List.copyOf(Objects.requireNonNull(validation, "validation"));
        validationOutOfScope = List.copyOf(Objects.requireNonNull(validationOutOfScope, "validationOutOfScope"));
        test = List.copyOf(Objects.requireNonNull(test, "test"));
        testOutOfScope = List.copyOf(Objects.requireNonNull(testOutOfScope, "testOutOfScope"));
    }
}
