package org.trustmall.assistant;

import org.trustmall.ai.intent.IntentPrediction;

/** Classifies a message in one language into a platform intent, or rejects it as out of scope. */
@FunctionalInterface
public interface IntentModel {
    IntentPrediction classify(String text);
}
