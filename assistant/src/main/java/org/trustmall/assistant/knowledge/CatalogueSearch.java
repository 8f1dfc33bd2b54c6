package org.trustmall.assistant.knowledge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.trustmall.ai.text.TextEmbedder;
import org.trustmall.commerce.Page;
import org.trustmall.commerce.catalogue.CatalogueService.Product;
import org.trustmall.commerce.catalogue.CatalogueService;

/**
 * Products for the assistant: the catalogue's own Lucene search (words, CJK bigrams) fused by reciprocal rank with
 * the similarity of the question to each product's title and description under the language's sentence encoder, so
 * "something to keep my phone safe" finds a phone case that shares no word with it.
 *
 * <p>Only active products are ever returned: every candidate is read back through
 * {@link CatalogueService#activeByIds} at the time of the search, so a product hidden a moment ago is left out, and
 * its current title and description are what is scored (re-embedded when they changed). Semantic candidates come
 * from a per-language index of product vectors built on first use and rebuilt by {@link #refresh()}; until then a
 * product created since is found by its words only. The catalogue has no change feed, so whoever runs this calls
 * {@code refresh()} after bulk changes or on a schedule; a refresh embeds only products whose text changed.
 *
 * <p>Thread-safe. Passages are {@code product:<id>} (id and source), titled with the product's title, in the language
 * of the search, with the title and description as text.
 */
public final class CatalogueSearch {
    /** Browse page size while indexing; the catalogue allows at most 100. */
    private static final int PAGE = 100;
    /** Descriptions beyond this are not embedded: the encoders cut long texts anyway, and titles carry most. */
    private static final int MAX_EMBEDDED_CHARS = 1_000;
    /** Search terms of a question tried one by one in the text search. */
    private static final int MAX_TERMS = 6;

    private final CatalogueService catalogue;
    private final Map<String, TextEmbedder> embedders;
    private final int candidates;
    private final Map<String, Double> minSimilarity;
    private final Map<String, Map<Long, Indexed>> indexes = new ConcurrentHashMap<>();

    /** A product's vector and the hash of the text it was computed from. */
    private record Indexed(String textHash, float[] vector) {
    }

    /** 20 candidates from each search, {@link KnowledgeBase#DEFAULT_MIN_SIMILARITY} for meaning-only matches. */
    public CatalogueSearch(CatalogueService catalogue, Map<String, TextEmbedder> embedders) {
        this(catalogue, embedders, 20, KnowledgeBase.DEFAULT_MIN_SIMILARITY);
    }

    /**
     * @param embedders     per language, as for {@link KnowledgeBase}
     * @param candidates    how many products each of the two searches proposes before fusion (1-100)
     * @param minSimilarity per language, the cosine similarity a product the words did not find needs to be
     *                      returned at all, so that an off-topic question does not list the nearest of everything
     */
    public CatalogueSearch(CatalogueService catalogue, Map<String, TextEmbedder> embedders, int candidates,
                           Map<String, Double> minSimilarity) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.embedders = Map.copyOf(embedders);
        this.minSimilarity = Map.copyOf(minSimilarity);
        for (String lang : embedders.keySet()) {
            if (!minSimilarity.containsKey(lang)) {
                throw new IllegalArgumentException("no minimum similarity for language '" + lang + "'");
            }
        }
        if (candidates < 1 || candidates > PAGE) {
            throw new IllegalArgumentException("candidates must be 1-" + PAGE + ", not " + candidates);
        }
        this.candidates = candidates;
    }

    /** The {@code k} active products best matching {@code query}, best first; empty for a blank query. */
    public List<Hit> search(String query, String lang, int k) {
        TextEmbedder embedder = embedder(lang);
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, not " + k);
        }
        Objects.requireNonNull(query, "query");
        if (query.isBlank()) {
            return List.of();
        }
        Map<Long, Indexed> index = index(lang);
        float[] q = embedder.embed(query);
        List<Long> lexical = lexical(query);
        Map<Long, Double> indexed = new HashMap<>();
        index.forEach((id, v) -> indexed.put(id, KnowledgeBase.dot(q, v.vector())));
        List<Long> nearest = indexed.keySet().stream()
                .sorted(Comparator.comparingDouble((Long id) -> -indexed.get(id)).thenComparing(id -> id))
                .limit(candidates).toList();
        Set<Long> ids = new LinkedHashSet<>(lexical);
        ids.addAll(nearest);
        Map<Long, Product> active = new HashMap<>();
        catalogue.activeByIds(List.copyOf(ids)).forEach(p -> active.put(p.id(), p));
        ids.stream().filter(id -> !active.containsKey(id)).forEach(index::remove);
        // Scored on the products as they are now: a changed text is embedded again and kept in the index.
        Map<Long, float[]> vectors = new HashMap<>();
        List<Product> stale = new ArrayList<>();
        for (Product p : active.values()) {
            Indexed known = index.get(p.id());
            if (known != null && known.textHash().equals(hash(text(p)))) {
                vectors.put(p.id(), known.vector());
            } else {
                stale.add(p);
            }
        }
        embed(stale, embedder).forEach((id, v) -> {
            vectors.put(id, v.vector());
            index.put(id, v);
        });
        Map<Long, Double> similarity = new HashMap<>();
        vectors.forEach((id, v) -> similarity.put(id, KnowledgeBase.dot(q, v)));
        double cut = minSimilarity.get(lang);
        List<Long> semantic = similarity.keySet().stream()
                .filter(id -> lexical.contains(id) || similarity.get(id) >= cut)
                .sorted(Comparator.comparingDouble((Long id) -> -similarity.get(id)).thenComparing(id -> id)).toList();
        List<Long> words = lexical.stream().filter(active::containsKey).toList();
        List<Hit> out = new ArrayList<>();
        for (Map.Entry<Long, Double> e : Fusion.fuse(List.of(words, semantic))) {
            if (out.size() == k) {
                break;
            }
            Product p = active.get(e.getKey());
            String id = "product:" + p.id();
            out.add(new Hit(new Passage(id, id, p.title(), lang, text(p)), e.getValue()));
        }
        return out;
    }

    /**
     * The catalogue's own text search, which wants every word of its query: first the whole question, then each of
     * its search terms alone (at most {@value #MAX_TERMS}); products matching more terms first, then in the order
     * they were found. So "do you sell a kettle to boil water?" finds a kettle though no product says "sell".
     */
    private List<Long> lexical(String query) {
        Map<Long, Integer> hits = new LinkedHashMap<>();
        List<Long> whole = catalogue.search(new CatalogueService.SearchQuery(query, null, 0, candidates)).items()
                .stream().map(Product::id).toList();
        whole.forEach(id -> hits.merge(id, MAX_TERMS + 1, Integer::sum));
        List<String> terms = KeywordTokens.searchTerms(query);
        for (String term : terms.subList(0, Math.min(MAX_TERMS, terms.size()))) {
            catalogue.search(new CatalogueService.SearchQuery(term, null, 0, candidates)).items()
                    .forEach(p -> hits.merge(p.id(), 1, Integer::sum));
        }
        List<Long> order = new ArrayList<>(hits.keySet());
        order.sort(Comparator.comparingInt((Long id) -> -hits.get(id)));
        return order.subList(0, Math.min(candidates, order.size()));
    }

    /**
     * Re-reads every active product and rebuilds the vector index of each language already in use, embedding only
     * products whose title or description changed; hidden and deleted products leave it.
     */
    public void refresh() {
        for (String lang : List.copyOf(indexes.keySet())) {
            indexes.put(lang, build(lang, indexes.get(lang)));
        }
    }

    /** How many products the language's vector index holds (0 before its first use). */
    public int indexed(String lang) {
        Map<Long, Indexed> index = indexes.get(lang);
        return index == null ? 0 : index.size();
    }

    private Map<Long, Indexed> index(String lang) {
        return indexes.computeIfAbsent(lang, l -> build(l, Map.of()));
    }

    private Map<Long, Indexed> build(String lang, Map<Long, Indexed> previous) {
        TextEmbedder embedder = embedder(lang);
        Map<Long, Indexed> next = new ConcurrentHashMap<>();
        List<Product> changed = new ArrayList<>();
        for (int page = 0; ; page++) {
            Page<Product> p = catalogue.search(new CatalogueService.SearchQuery("", null, page, PAGE));
            for (Product product : p.items()) {
                Indexed old = previous.get(product.id());
                if (old != null && old.textHash().equals(hash(text(product)))) {
                    next.put(product.id(), old);
                } else {
                    changed.add(product);
                }
            }
            if (p.items().size() < PAGE || (long) (page + 1) * PAGE >= p.total()) {
                break;
            }
        }
        next.putAll(embed(changed, embedder));
        return next;
    }

    private static Map<Long, Indexed> embed(List<Product> products, TextEmbedder embedder) {
        Map<Long, Indexed> out = new HashMap<>();
        for (int from = 0; from < products.size(); from += 64) {
            List<Product> batch = products.subList(from, Math.min(products.size(), from + 64));
            List<String> texts = batch.stream().map(CatalogueSearch::text).toList();
            float[][] vectors = embedder.embed(texts.stream().map(CatalogueSearch::embedded).toList());
            for (int i = 0; i < batch.size(); i++) {
                out.put(batch.get(i).id(), new Indexed(hash(texts.get(i)), vectors[i]));
            }
        }
        return out;
    }

    private static String text(Product p) {
        return p.description() == null || p.description().isBlank() ? p.title()
                : p.title() + "\n" + p.description();
    }

    private static String embedded(String text) {
        return text.length() <= MAX_EMBEDDED_CHARS ? text
                : text.substring(0, text.offsetByCodePoints(0, text.codePointCount(0, MAX_EMBEDDED_CHARS)));
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private TextEmbedder embedder(String lang) {
        TextEmbedder e = embedders.get(lang);
        if (e == null) {
            throw new IllegalArgumentException("no text embedder for language '" + lang + "' (there are: "
                    + embedders.keySet() + ")");
        }
        return e;
    }
}
