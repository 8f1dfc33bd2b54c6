package org.trustmall.commerce.recommend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trustmall.ai.recsys.Catalogue;
import org.trustmall.ai.recsys.FeatureScorer;
import org.trustmall.ai.recsys.Metrics;
import org.trustmall.ai.recsys.ModelArtifact;
import org.trustmall.ai.recsys.ModelSelection;
import org.trustmall.ai.recsys.Recommender;
import org.trustmall.ai.recsys.SplitData;
import org.trustmall.ai.recsys.TrainingSet;
import org.trustmall.commerce.catalogue.CatalogueService;
import org.trustmall.commerce.catalogue.CatalogueService.Product;

/**
 * The platform's training run, end to end: a consent-filtered, pseudonymised snapshot of the interactions
 * ({@link TrainingSnapshots#build}), model selection on its leave-one-out validation split over the requested
 * families, the selected configuration retrained on every interaction in the snapshot together with the
 * non-personalised {@link FeatureScorer} fitted on the snapshot's z-scored item features (it keeps the snapshot's μ
 * and σ for serving), the two in one artifact registered on the ledger with the snapshot's root, parameters and
 * metrics ({@link ModelRegistry#register}), loaded back through the registry's hash check, and deployed. A run
 * whose snapshot is the one the active model was trained on changes nothing. Models that a build superseded (a person
 * withdrew consent or was erased) stop being served at once, before retraining. One run at a time.
 */
public final class RecommenderTraining {
    private static final Logger LOG = LoggerFactory.getLogger(RecommenderTraining.class);
    /** Fewer held-out cases than this and validation cannot choose between models: nothing is trained. */
    public static final int MIN_CASES = 10;

    private final TrainingSnapshots snapshots;
    private final ModelRegistry models;
    private final Recommendations recommendations;
    private final CatalogueService catalogue;
    private final List<String> families;
    private final long seed;

    /**
     * @param families the model families to select from ({@link Catalogue#families()} names); those that do not
     *                 apply to the data (content models without item text) are skipped
     */
    public RecommenderTraining(TrainingSnapshots snapshots, ModelRegistry models, Recommendations recommendations,
                               CatalogueService catalogue, List<String> families, long seed) {
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.models = Objects.requireNonNull(models, "models");
        this.recommendations = Objects.requireNonNull(recommendations, "recommendations");
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.families = List.copyOf(families);
        this.seed = seed;
        for (String f : families) {
            if (!Catalogue.families().contains(f)) {
                throw new IllegalArgumentException("unknown model family '" + f + "'; known: "
                        + String.join(", ", Catalogue.families()));
            }
        }
    }

    /**
     * What a run did.
     *
     * @param snapshot  the snapshot built
     * @param model     the model registered and deployed, or the active one kept (null when there is none)
     * @param trained   whether a model was trained in this run
     * @param selection the validation results when trained, else null
     * @param note      why nothing was trained, when nothing was
     */
    public record Outcome(TrainingSnapshots.TrainingSnapshot snapshot, ModelRegistry.Registration model,
                          boolean trained, ModelSelection.Outcome selection, String note) {
    }

    /** Whether a registered model is one of the recommender's families (the registry holds the fraud model too). */
    private static boolean isRecommender(ModelRegistry.Registration r) {
        return Catalogue.families().contains(r.family());
    }

    /** Deploys the newest active registered model, checked against its registration; empty when there is none. */
    public synchronized Optional<ModelRegistry.Registration> deployLatest() {
        Optional<ModelRegistry.Registration> latest = models.latestActive(RecommenderTraining::isRecommender);
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        ModelRegistry.Artifact a = models.load(latest.get().id()); // refuses a mismatching or superseded artifact
        recommendations.deploy(a.registration().id(), ModelArtifact.fromBytes(a.bytes()));
        return Optional.of(a.registration());
    }

    /** Runs training now (see the class comment). */
    public synchronized Outcome train(ModelSelection.Listener listener) {
        Objects.requireNonNull(listener, "listener");
        TrainingSnapshots.TrainingSnapshot snapshot = snapshots.build();
        for (String superseded : snapshot.supersededModels()) {
            recommendations.withdraw(superseded);
        }
        Optional<ModelRegistry.Registration> current = models.latestActive(RecommenderTraining::isRecommender)
                .filter(r -> r.snapshotRoot().equals(snapshot.root()));
        if (current.isPresent()) {
            if (recommendations.deployedModel().filter(current.get().id()::equals).isEmpty()) {
                deployLatest();
            }
            return new Outcome(snapshot, current.get(), false, null, "no new interactions since model "
                    + current.get().id() + " was trained");
        }
        List<String> ids = snapshot.products().stream().map(String::valueOf).toList();
        List<String> texts = texts(snapshot.products());
        SplitData split = SplitData.leaveOneOut(ids, texts, snapshot.sequences());
        if (split.valid().size() < MIN_CASES) {
            return new Outcome(snapshot, recommendations.deployedModel().flatMap(models::get).orElse(null), false,
                    null, "too little data to choose a model: " + split.valid().size() + " buyers with three or more "
                    + "interactions, at least " + MIN_CASES + " needed");
        }
        List<String> usable = families.stream().filter(f -> Catalogue.applies(f, split)).toList();
        ModelSelection.Outcome selection = ModelSelection.run(split, usable, seed, listener);
        ModelSelection.Family chosen = selection.selectedFamily();
        // Selection held out each buyer's last two interactions; what is deployed learns from all of them.
        Recommender model = chosen.chosen().candidate().build().apply(seed);
        model.fit(new TrainingSet(split.itemCount(), snapshot.sequences(), texts), listener);
        // The fallback for requests that must not be personalised learns from the same snapshot and keeps its μ, σ.
        FeatureScorer fallback = FeatureScorer.fit(snapshot.interactions(), snapshot.prices(), snapshot.normaliser(),
                FeatureScorer.Options.DEFAULT);
        byte[] artifact = new ModelArtifact(ids, model, fallback).toBytes();
        ModelRegistry.Registration registered = models.register(chosen.name(), artifact, snapshot.root(),
                parameters(model, fallback), metrics(selection));
        ModelRegistry.Artifact loaded = models.load(registered.id());
        recommendations.deploy(registered.id(), ModelArtifact.fromBytes(loaded.bytes()));
        LOG.info("recommender {} trained on snapshot {} ({} rows) and deployed", registered.id(),
                snapshot.root().substring(0, 16), snapshot.rows());
        return new Outcome(snapshot, registered, true, selection, null);
    }

    /** Each product's text for the content models: title, category and description, or null once hidden. */
    private List<String> texts(List<Long> products) {
        Map<Long, String> byId = new HashMap<>();
        for (int from = 0; from < products.size(); from += 500) {
            for (Product p : catalogue.activeByIds(products.subList(from, Math.min(products.size(), from + 500)))) {
                byId.put(p.id(), p.title() + ". " + p.category() + ". " + p.description());
            }
        }
        List<String> out = new ArrayList<>(products.size());
        for (long id : products) {
            out.add(byId.get(id));
        }
        return out;
    }

    private static Map<String, String> parameters(Recommender model, FeatureScorer fallback) {
        Map<String, String> out = new TreeMap<>();
        model.parameters().forEach((k, v) -> out.put(k, String.valueOf(v)));
        fallback.parameters().forEach((k, v) -> out.put("fallback." + k, String.valueOf(v)));
        return out;
    }

    /** The selected model's validation and test figures, and every other family's, so the comparison is on record. */
    private static Map<String, Double> metrics(ModelSelection.Outcome selection) {
        Map<String, Double> out = new LinkedHashMap<>();
        ModelSelection.Family s = selection.selectedFamily();
        put(out, "", s.valid(), s.test());
        for (ModelSelection.Family f : selection.families()) {
            if (!f.name().equals(s.name())) {
                out.put(f.name() + ".valid_ndcg@10", f.valid().ndcg10());
                out.put(f.name() + ".ndcg@10", f.test().ndcg10());
            }
        }
        out.put("train_seconds", s.chosen().trainSeconds());
        return out;
    }

    private static void put(Map<String, Double> out, String prefix, Metrics valid, Metrics test) {
        out.put(prefix + "valid_ndcg@10", valid.ndcg10());
        out.put(prefix + "ndcg@10", test.ndcg10());
        out.put(prefix + "hr@10", test.hr10());
        out.put(prefix + "mrr", test.mrr());
        out.put(prefix + "coverage", test.coverage());
        out.put(prefix + "test_cases", (double) test.cases());
    }
}
