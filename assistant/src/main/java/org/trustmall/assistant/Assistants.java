package org.trustmall.assistant;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.trustmall.ai.intent.IntentClassifier;
import org.trustmall.ai.intent.IntentExample;
import org.trustmall.ai.text.Encoders;
import org.trustmall.ai.text.TextEmbedder;
import org.trustmall.assistant.knowledge.CatalogueSearch;
import org.trustmall.assistant.knowledge.KnowledgeBase;
import org.trustmall.assistant.llm.LanguageModel;
import org.trustmall.commerce.Commerce;

/**
 * Builds the platform's assistant: an intent classifier per language trained on the bundled platform intents
 * (MiniLM for English, bge-small-zh for Chinese; a few seconds each), the bundled documents, the live catalogue and
 * the optional external model.
 */
public final class Assistants {
    /** Seed of the intent classifiers' training. */
    public static final long DEFAULT_SEED = 20261129L;
    /** How stale the catalogue's vector index may get before a product question refreshes it. */
    public static final Duration CATALOGUE_REFRESH = Duration.ofMinutes(1);

    private Assistants() {
    }

    /** The encoder for each of the assistant's languages (shared with the rest of the process). */
    public static Map<String, TextEmbedder> encoders() {
        return Map.of(Language.EN, Encoders.miniLm(), Language.ZH, Encoders.bgeSmallZh());
    }

    /** The assistant over {@code commerce}, with {@code llm} (or {@link LanguageModel#none()}) to reword answers. */
    public static Assistant open(Commerce commerce, LanguageModel llm) {
        Map<String, TextEmbedder> encoders = encoders();
        PlatformIntents platform = PlatformIntents.bundled();
        Map<String, IntentModel> intents = new HashMap<>();
        for (String lang : Language.ALL) {
            IntentClassifier c = IntentClassifier.train(encoders.get(lang), split(platform, lang), DEFAULT_SEED,
                    IntentClassifier.Listener.NONE);
            intents.put(lang, c::classify);
        }
        CatalogueSearch catalogue = new CatalogueSearch(commerce.catalogue(), encoders);
        warm(catalogue);
        Knowledge knowledge = new PlatformKnowledge(KnowledgeBase.bundled(encoders), catalogue, CATALOGUE_REFRESH,
                InstantSource.system());
        return new Assistant(commerce, intents, knowledge, new LlmComposer(llm));
    }

    /**
     * Embeds the catalogue for both languages in the background (a catalogue of thousands takes tens of seconds),
     * so the first product question does not have to; one asked meanwhile waits for that language's index.
     */
    private static void warm(CatalogueSearch catalogue) {
        Thread t = new Thread(() -> {
            for (String lang : Language.ALL) {
                try {
                    catalogue.search("product", lang, 1);
                } catch (RuntimeException e) {
                    System.getLogger(Assistants.class.getName()).log(System.Logger.Level.WARNING,
                            "catalogue index for {0} not prepared in advance: {1}", lang, e.toString());
                }
            }
        }, "assistant-catalogue-index");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /**
     * Training and calibration data for {@code lang}: of each intent's examples every fourth (in file order) is kept
     * for calibrating the rejection threshold, the rest trained on; out-of-scope examples alternate between a
     * class of their own in training and calibration.
     */
    static IntentClassifier.Data split(PlatformIntents platform, String lang) {
        Map<String, List<IntentExample>> byIntent = new LinkedHashMap<>();
        for (IntentExample e : platform.examples(lang)) {
            byIntent.computeIfAbsent(e.label(), k -> new ArrayList<>()).add(e);
        }
        List<IntentExample> train = new ArrayList<>();
        List<IntentExample> validation = new ArrayList<>();
        byIntent.values().forEach(list -> {
            for (int i = 0; i < list.size(); i++) {
                (i % 4 == 3 ? validation : train).add(list.get(i));
            }
        });
        List<String> oos = platform.outOfScope(lang);
        List<String> trainOos = new ArrayList<>();
        List<String> validationOos = new ArrayList<>();
        for (int i = 0; i < oos.size(); i++) {
            (i % 2 == 0 ? trainOos : validationOos).add(oos.get(i));
        }
        return new IntentClassifier.Data(train, trainOos, validation, validationOos);
    }
}
