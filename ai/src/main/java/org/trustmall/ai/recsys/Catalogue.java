package org.trustmall.ai.recsys;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.trustmall.ai.recsys.content.ContentSimilarity;
import org.trustmall.ai.recsys.content.Hybrid;
import org.trustmall.ai.recsys.sasrec.SasRec;

/**
 * The model families the platform knows, each with the candidate configurations that evaluation tries on the
 * validation split (the best candidate of each family is reported; the best family is deployed). A candidate is
 * built from a seed, so runs with the same seed are identical.
 */
public final class Catalogue {
    /** One configuration of a family: a label for the report and how to build it from a seed. */
    public record Candidate(String family, String label, LongFunction<Recommender> build) {
    }

    private static final Map<String, List<Candidate>> FAMILIES = new LinkedHashMap<>();

    static {
        FAMILIES.put("pop", List.of(new Candidate("pop", "pop", seed -> new Popularity())));
        FAMILIES.put("markov", List.of(new Candidate("markov", "markov", seed -> new Markov())));
        // Order-blind cosine; mildly sequence-aware (recent history weighs more); strongly so, near a Markov chain.
        FAMILIES.put("itemknn", List.of(
                new Candidate("itemknn", "cosine", seed -> ItemKnn.cosine(100)),
                new Candidate("itemknn", "sequential", seed -> new ItemKnn(100, 20, 0.9, 0.8, 0.8, 0.8)),
                new Candidate("itemknn", "recent", seed -> new ItemKnn(100, 3, 0.5, 0.5, 0.7, 0.5))));
        // Classic implicit ALS; the same with recent items more confident; larger and more regularised.
        FAMILIES.put("mf", List.of(
                new Candidate("mf", "als-64", seed -> new MatrixFactorisation(64, 1, 10, 10, 3, 1, seed)),
                new Candidate("mf", "als-64-recent", seed -> new MatrixFactorisation(64, 1, 10, 10, 3, 0.7, seed)),
                new Candidate("mf", "als-128-recent", seed -> new MatrixFactorisation(128, 10, 20, 10, 3, 0.7, seed))));
        FAMILIES.put("sasrec", SasRec.candidates());
        FAMILIES.put("content", ContentSimilarity.candidates());
        // The hybrid's base: the strongest sequential family on Scientific's validation split (item-kNN, sequential).
        FAMILIES.put("hybrid", Hybrid.candidates(seed -> new ItemKnn(100, 20, 0.9, 0.8, 0.8, 0.8)));
    }

    private Catalogue() {
    }

    /** Every family's name, in report order. */
    public static List<String> families() {
        return List.copyOf(FAMILIES.keySet());
    }

    /** The candidates of a family, or an empty list for an unknown name. */
    public static List<Candidate> candidates(String family) {
        return FAMILIES.getOrDefault(family, List.of());
    }

    /** Whether a family can train on this data (the content and hybrid models need item text). */
    public static boolean applies(String family, SplitData data) {
        return switch (family) {
            case "content", "hybrid" -> data.itemTexts() != null;
            default -> FAMILIES.containsKey(family);
        };
    }
}
