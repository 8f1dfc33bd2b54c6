package org.trustmall.ai.intent;

/**
 * What a classifier makes of one utterance. {@code best} is the most likely known intent and {@code confidence} its
 * calibrated probability; when the confidence is below the classifier's rejection threshold the utterance is out of
 * scope: {@code rejected} is true and {@link #intent()} is empty.
 */
public record IntentPrediction(String best, double confidence, boolean rejected) {

    /** The intent, or empty when the utterance was rejected as out of scope. */
    public java.util.Optional<String> intent() {
        return rejected ? java.util.Optional.empty() : java.util.Optional.of(best);
    }
}
