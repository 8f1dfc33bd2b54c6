package org.trustmall.ai.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.trustmall.ai.AiException;
import org.trustmall.ai.text.Encoders;
import org.trustmall.ai.text.TextEmbedder;

/** The classifier on a small planted set of shop intents, with the real MiniLM encoder. */
class IntentClassifierTest {
    private static final TextEmbedder MINILM = Encoders.miniLm();

    private static final List<IntentExample> TRAIN = examples(
            "order_status", List.of("where is my order", "has my order shipped yet", "what is the status of my order",
                    "when will my parcel arrive", "track my package please", "is my delivery on its way",
                    "my order has not arrived", "how long until my order gets here"),
            "refund", List.of("i want my money back", "how do i get a refund", "refund this item please",
                    "i would like to return this and get a refund", "can i return the shoes i bought",
                    "the product was broken, i want a refund", "send back my purchase for a refund",
                    "start a return for my order"),
            "change_address", List.of("change my delivery address", "i moved, update my shipping address",
                    "ship it to a different address", "can i change where my order is delivered",
                    "update the address on my order", "the address on my order is wrong",
                    "deliver to my office instead of home", "edit my shipping address"),
            "human", List.of("let me talk to a person", "i want to speak to a human agent",
                    "connect me with customer service", "can i chat with a real person",
                    "get me a human", "transfer me to an agent", "i need a human not a bot",
                    "put me through to support staff"));

    private static final List<IntentExample> VALIDATION = examples(
            "order_status", List.of("where's my stuff", "did my order ship"),
            "refund", List.of("i need a refund for this", "return my item"),
            "change_address", List.of("new shipping address please", "change the delivery address"),
            "human", List.of("talk to someone real", "speak with an agent"));

    private static final List<String> VALIDATION_OOS = List.of("what is the capital of france",
            "tell me a joke", "how tall is mount everest", "play some jazz music", "what's the weather tomorrow",
            "who won the football game");

    @SafeVarargs
    private static List<IntentExample> examples(Object... labelsAndTexts) {
        List<IntentExample> out = new ArrayList<>();
        for (int i = 0; i < labelsAndTexts.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> texts = (List<String>) labelsAndTexts[i + 1];
            for (String t : texts) {
                out.add(new IntentExample(t, (String) labelsAndTexts[i]));
            }
        }
        return out;
    }

    private static IntentClassifier planted(long seed) {
        return IntentClassifier.train(MINILM, TRAIN, VALIDATION, VALIDATION_OOS, seed);
    }

    @Test
    void theSameSeedAndDataGiveIdenticalPredictions() {
        List<String> queries = List.of("where is my parcel", "i want a refund", "recipe for pancakes",
                "speak to a human", "update my address");
        IntentClassifier a = planted(7);
        IntentClassifier b = planted(7);
        assertEquals(a.classifyAll(queries), b.classifyAll(queries));
        assertEquals(a.threshold(), b.threshold());
        assertEquals(Set.of("order_status", "refund", "change_address", "human"), a.labels());
    }

    @Test
    void inScopeUtterancesAreAcceptedWithTheirIntentAndAnUnrelatedOneIsRejected() {
        IntentClassifier classifier = planted(42);
        assertEquals("order_status", classifier.classify("where is my order right now").intent().orElseThrow());
        assertEquals("refund", classifier.classify("i want a refund for these shoes").intent().orElseThrow());
        assertEquals("human", classifier.classify("let me speak to a human").intent().orElseThrow());
        IntentPrediction recipe = classifier.classify("how many grams of flour go into a pancake recipe");
        assertTrue(recipe.rejected(), recipe.toString());
        assertTrue(recipe.intent().isEmpty());
        assertTrue(recipe.confidence() < classifier.threshold());
    }

    @Test
    void batchedAndSingleClassificationAgreeOnTheIntent() {
        IntentClassifier classifier = planted(42);
        List<String> queries = List.of("did my parcel ship", "refund me", "new address for delivery");
        List<IntentPrediction> batched = classifier.classifyAll(queries);
        for (int i = 0; i < queries.size(); i++) {
            IntentPrediction alone = classifier.classify(queries.get(i));
            assertEquals(alone.best(), batched.get(i).best());
            assertEquals(alone.confidence(), batched.get(i).confidence(), 0.02);
        }
    }

    @Test
    void withoutValidationDataAFifthOfEachIntentIsHeldOutForCalibration() {
        IntentClassifier classifier = IntentClassifier.train(MINILM, TRAIN, List.of(), List.of(), 3);
        IntentClassifier.Calibration calibration = classifier.calibration();
        assertTrue(calibration.heldOut());
        assertEquals(4 * 2, calibration.inScope()); // round(8 * 0.2) = 2 per intent
        assertEquals(0, calibration.outOfScope());
        assertTrue(classifier.threshold() > 0 && classifier.threshold() < 1, "threshold " + classifier.threshold());
        assertFalse(classifier.classify("track my order").rejected());
    }

    @Test
    void outOfScopeTrainingExamplesFormAClassThatRejectsWhatResemblesThem() {
        List<String> oosTrain = List.of("what is the capital of spain", "tell me a funny story",
                "how deep is the ocean", "play a song by the beatles", "will it rain today",
                "what's the score of the basketball game", "who wrote hamlet", "how do i bake bread");
        IntentClassifier classifier = IntentClassifier.train(MINILM,
                new IntentClassifier.Data(TRAIN, oosTrain, VALIDATION, VALIDATION_OOS), 42,
                IntentClassifier.Listener.NONE);
        assertTrue(classifier.hasOutOfScopeClass());
        assertEquals(4, classifier.labels().size());
        assertTrue(classifier.classify("what is the capital of italy").rejected());
        assertEquals("refund", classifier.classify("please refund my order").intent().orElseThrow());
    }

    @Test
    void anEmptyTrainingSetIsRefused() {
        AiException e = assertThrows(AiException.class,
                () -> IntentClassifier.train(MINILM, List.of(), List.of(), List.of(), 1));
        assertTrue(e.getMessage().contains("no examples"), e.getMessage());
    }

    @Test
    void aValidationIntentWithNoTrainingExamplesIsNamed() {
        List<IntentExample> validation = List.of(new IntentExample("cancel it", "cancel_order"));
        AiException e = assertThrows(AiException.class,
                () -> IntentClassifier.train(MINILM, TRAIN, validation, List.of(), 1));
        assertTrue(e.getMessage().contains("'cancel_order'") && e.getMessage().contains("no training examples"),
                e.getMessage());
    }

    @Test
    void aSingleIntentOrABlankExampleIsRefused() {
        List<IntentExample> one = List.of(new IntentExample("a", "x"), new IntentExample("b", "x"));
        assertThrows(AiException.class, () -> IntentClassifier.train(MINILM, one, List.of(), List.of(), 1));
        List<IntentExample> blank = new ArrayList<>(TRAIN);
        blank.add(new IntentExample("  ", "refund"));
        AiException e = assertThrows(AiException.class,
                () -> IntentClassifier.train(MINILM, blank, List.of(), List.of(), 1));
        assertTrue(e.getMessage().contains("training example " + blank.size()), e.getMessage());
    }
}
