package org.trustmall.assistant.knowledge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.trustmall.ai.text.TextEmbedder;

/**
 * The platform's policy and FAQ passages, searchable in each of their languages by meaning and by words together:
 * BM25 over {@link KeywordTokens} and cosine similarity of sentence embeddings, fused by reciprocal rank
 * ({@link Fusion}), so a question phrased in the documents' own words and one phrased quite differently both find
 * their passage. Built once (every passage embedded up front); immutable and thread-safe afterwards, as long as the
 * embedders are.
 *
 * <p>{@link #answer} is for callers that must cite: it gives the best passage only when the question is close enough
 * in meaning to it — cosine similarity at least the language's cut-off ({@link #DEFAULT_MIN_SIMILARITY}: 0.22 for
 * English with all-MiniLM-L6-v2, 0.43 for Chinese with bge-small-zh-v1.5, whose similarities run higher). They were
 * chosen between the similarities of paraphrased platform questions and of everyday off-topic ones (en: off-topic
 * at most 0.15, platform median 0.53; zh: off-topic at most 0.40, platform at least 0.48), and
 * {@code KnowledgeBaseTest} fails when an off-topic question crosses its cut-off or more than a tenth of the platform
 * questions fall below it. Keyword matches alone never make an answer: off-topic questions share words with policy
 * text too easily ("个", "order"). With other encoders, pass cut-offs measured for them to {@link #of}.
 */
public final class KnowledgeBase {
    /** Cut-offs of {@link #answer} for the production encoders; see the class comment for how they were chosen. */
    public static final Map<String, Double> DEFAULT_MIN_SIMILARITY = Map.of("en", 0.22, "zh", 0.43);

    /** The passages of one language with their two indexes. */
    private record Shelf(List<Passage> passages, Bm25 keywords, float[][] vectors, TextEmbedder embedder,
                         double minSimilarity) {
    }

    /** A passage of a search with what placed it: its position on its shelf, fused score and cosine similarity. */
    record Scored(int index, Passage passage, double fused, double similarity) {
        Hit hit() {
            return new Hit(passage, fused);
        }
    }

    private final Map<String, Shelf> shelves;

    private KnowledgeBase(Map<String, Shelf> shelves) {
        this.shelves = shelves;
    }

    /**
     * The documents shipped with the assistant ({@code org/trustmall/assistant/docs/}), English and Chinese, with the
     * default cut-offs. {@code embedders} maps {@code en} and {@code zh} to their encoders — in production
     * {@code Encoders.miniLm()} and {@code Encoders.bgeSmallZh()}. A bad or missing resource is a
     * {@link KnowledgeException} naming it.
     */
    public static KnowledgeBase bundled(Map<String, TextEmbedder> embedders) {
        List<Passage> all = new ArrayList<>();
        BundledDocuments.load(KnowledgeBase.class.getClassLoader()).values().forEach(all::addAll);
        return of(all, embedders, DEFAULT_MIN_SIMILARITY);
    }

    /**
     * A knowledge base over {@code passages} (any languages; each needs an embedder and a cut-off). Passage ids must
     * be unique.
     */
    public static KnowledgeBase of(List<Passage> passages, Map<String, TextEmbedder> embedders,
                                   Map<String, Double> minSimilarity) {
        Map<String, List<Passage>> byLang = new LinkedHashMap<>();
        Set<String> ids = new LinkedHashSet<>();
        for (Passage p : passages) {
            if (!ids.add(p.id())) {
                throw new KnowledgeException("passage id '" + p.id() + "' appears twice");
            }
            byLang.computeIfAbsent(p.lang(), l -> new ArrayList<>()).add(p);
        }
        Map<String, Shelf> shelves = new LinkedHashMap<>();
        byLang.forEach((lang, list) -> {
            TextEmbedder embedder = embedders.get(lang);
            Double cut = minSimilarity.get(lang);
            if (embedder == null) {
                throw new KnowledgeException("no text embedder for language '" + lang + "' (given: "
                        + embedders.keySet() + ")");
            }
            if (cut == null || !(cut > -1 && cut < 1)) {
                throw new KnowledgeException("the cut-off for language '" + lang + "' must be a similarity between "
                        + "-1 and 1, not " + cut);
            }
            List<List<String>> tokens = list.stream().map(p -> KeywordTokens.of(embeddedText(p), lang)).toList();
            float[][] vectors = embedder.embed(list.stream().map(KnowledgeBase::embeddedText).toList());
            shelves.put(lang, new Shelf(List.copyOf(list), new Bm25(tokens), vectors, embedder, cut));
        });
        return new KnowledgeBase(Map.copyOf(shelves));
    }

    /** What the encoder and the keyword index see of a passage: its title (document — section) and its text. */
    private static String embeddedText(Passage p) {
        return p.title() + "\n" + p.text();
    }

    /** The languages there are passages in. */
    public Set<String> languages() {
        return shelves.keySet();
    }

    /** The passages in {@code lang}, in document order. */
    public List<Passage> passages(String lang) {
        return shelf(lang).passages();
    }

    /**
     * The {@code k} passages in {@code lang} that best match {@code query}, best first; empty for a blank query.
     * Scores are fused reciprocal ranks: comparable within one search only. Every passage may be returned, however
     * weak the match; use {@link #answer} to know whether one is good enough to cite.
     */
    public List<Hit> search(String query, String lang, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, not " + k);
        }
        return scored(query, lang).stream().limit(k).map(Scored::hit).toList();
    }

    /**
     * The passage to cite for {@code query}: the best of {@link #search}, if its meaning is close enough to the
     * question (cosine similarity at least the language's cut-off); empty when nothing is.
     */
    public Optional<Hit> answer(String query, String lang) {
        double cut = shelf(lang).minSimilarity();
        return scored(query, lang).stream().findFirst().filter(s -> s.similarity() >= cut).map(Scored::hit);
    }

    /** Every passage that either ranking holds, best fused first. */
    List<Scored> scored(String query, String lang) {
        Shelf shelf = shelf(lang);
        Objects.requireNonNull(query, "query");
        if (query.isBlank()) {
            return List.of();
        }
        double[] similarity = similarities(shelf, query);
        List<List<Integer>> rankings = List.of(keywordOrder(shelf, query, lang), semanticOrder(similarity));
        List<Scored> out = new ArrayList<>();
        for (Map.Entry<Integer, Double> e : Fusion.fuse(rankings)) {
            int i = e.getKey();
            out.add(new Scored(i, shelf.passages().get(i), e.getValue(), similarity[i]));
        }
        return out;
    }

    /** The passages BM25 alone would give, best first (those sharing no term are left out). */
    List<Passage> keywordRanking(String query, String lang) {
        Shelf shelf = shelf(lang);
        return keywordOrder(shelf, query, lang).stream().map(shelf.passages()::get).toList();
    }

    /** The passages embedding similarity alone would give, best first. */
    List<Passage> semanticRanking(String query, String lang) {
        Shelf shelf = shelf(lang);
        return semanticOrder(similarities(shelf, query)).stream().map(shelf.passages()::get).toList();
    }

    /** The cosine similarity of {@code query} to the best fused passage, for calibrating the cut-off. */
    double topSimilarity(String query, String lang) {
        List<Scored> s = scored(query, lang);
        return s.isEmpty() ? -1 : s.getFirst().similarity();
    }

    private static List<Integer> keywordOrder(Shelf shelf, String query, String lang) {
        return shelf.keywords().rank(KeywordTokens.of(query, lang)).stream().map(Bm25.Scored::doc).toList();
    }

    private static List<Integer> semanticOrder(double[] similarity) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < similarity.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> similarity[i]).reversed());
        return order;
    }

    private static double[] similarities(Shelf shelf, String query) {
        float[] q = shelf.embedder().embed(query);
        double[] out = new double[shelf.vectors().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = dot(q, shelf.vectors()[i]);
        }
        return out;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private Shelf shelf(String lang) {
        Shelf shelf = shelves.get(lang);
        if (shelf == null) {
            throw new IllegalArgumentException("no documents in language '" + lang + "' (there are: "
                    + shelves.keySet() + ")");
        }
        return shelf;
    }
}
