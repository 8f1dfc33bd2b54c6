package org.trustmall.ai.recsys;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Model selection on validation: every candidate of every requested family (see {@link Catalogue}) is trained on the
 * training split and scored on the validation split; each family keeps its best candidate by validation NDCG@10,
 * which alone is then evaluated on the test split; the family whose chosen candidate has the best validation
 * NDCG@10 is selected. Test figures never influence a choice. Ties go to the earlier candidate and family.
 * Deterministic for a seed when the models are. Runs on the calling thread (models may train in parallel inside).
 */
public final class ModelSelection {
    private ModelSelection() {
    }

    /** Hears how selection goes, for a progress bar; training progress arrives through the inherited methods. */
    public interface Listener extends TrainingListener {
        Listener NONE = new Listener() { };

        /** Selection will train {@code candidates} candidates in all. */
        default void planned(int candidates) {
        }

        /** Candidate number {@code index} (0-based, over all families) starts training. */
        default void started(int index, Catalogue.Candidate candidate) {
        }

        /** Candidate number {@code index} is trained and scored on validation. */
        default void validated(int index, Tried tried) {
        }
    }

    /** One trained candidate: its parameters, training time and validation metrics. */
    public record Tried(Catalogue.Candidate candidate, Map<String, Object> parameters, double trainSeconds,
                        Metrics valid) {
    }

    /**
     * A family's outcome: the candidate chosen on validation, its test metrics and trained model, and every candidate
     * tried (in catalogue order).
     */
    public record Family(String name, Tried chosen, Metrics test, Recommender model, List<Tried> tried) {
        public Metrics valid() {
            return chosen.valid();
        }
    }

    /** The families in request order and the name of the one selected on validation. */
    public record Outcome(String selected, List<Family> families) {
        public Family selectedFamily() {
            return families.stream().filter(f -> f.name().equals(selected)).findFirst().orElseThrow();
        }
    }

    /** The families in the catalogue that can train on {@code data}, in catalogue order. */
    public static List<String> applicable(SplitData data) {
        return Catalogue.families().stream().filter(f -> Catalogue.applies(f, data)).toList();
    }

    /**
     * Trains, validates and tests the given families on {@code data}.
     *
     * @throws IllegalArgumentException for no family, an unknown one, one named twice, or one that does not apply to
     *                                  the data
     */
    public static Outcome run(SplitData data, List<String> families, long seed, Listener listener) {
        Objects.requireNonNull(listener, "listener");
        check(data, families);
        int planned = families.stream().mapToInt(f -> Catalogue.candidates(f).size()).sum();
        listener.planned(planned);
        List<Family> out = new ArrayList<>();
        int index = 0;
        Family best = null;
        for (String family : families) {
            Tried chosen = null;
            Recommender chosenModel = null;
            List<Tried> tried = new ArrayList<>();
            for (Catalogue.Candidate c : Catalogue.candidates(family)) {
                listener.started(index, c);
                Recommender model = c.build().apply(seed);
                long t0 = System.nanoTime();
                model.fit(data.training(), listener);
                double seconds = (System.nanoTime() - t0) / 1e9;
                Tried t = new Tried(c, Collections.unmodifiableMap(new LinkedHashMap<>(model.parameters())), seconds,
                        Evaluator.evaluate(model, data.itemCount(), data.valid()));
                tried.add(t);
                listener.validated(index++, t);
                if (chosen == null || t.valid().ndcg10() > chosen.valid().ndcg10()) {
                    chosen = t;
                    chosenModel = model;
                }
            }
            Family f = new Family(family, chosen, Evaluator.evaluate(chosenModel, data.itemCount(), data.test()),
                    chosenModel, List.copyOf(tried));
            out.add(f);
            if (best == null || f.valid().ndcg10() > best.valid().ndcg10()) {
                best = f;
            }
        }
        return new Outcome(best.name(), List.copyOf(out));
    }

    private static void check(SplitData data, List<String> families) {
        if (families.isEmpty()) {
            throw new IllegalArgumentException("no model family to evaluate");
        }
        List<String> known = Catalogue.families();
        for (int i = 0; i < families.size(); i++) {
            String f = families.get(i);
            if (!known.contains(f)) {
                throw new IllegalArgumentException("unknown model family '" + f + "'; known: "
                        + String.join(", ", known));
            }
            if (families.subList(0, i).contains(f)) {
                throw new IllegalArgumentException("model family '" + f + "' is named twice");
            }
            if (!Catalogue.applies(f, data)) {
                throw new IllegalArgumentException("model family '" + f + "' does not apply to this data"
                        + (data.itemTexts() == null ? " (it has no item text)" : ""));
            }
            if (Catalogue.candidates(f).isEmpty()) {
                throw new IllegalArgumentException("model family '" + f + "' has no candidate");
            }
        }
    }
}
