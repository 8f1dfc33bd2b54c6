package org.trustmall.ai.recsys.content;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.trustmall.ai.recsys.Catalogue;
import org.trustmall.ai.recsys.Evaluator;
import org.trustmall.ai.recsys.Metrics;
import org.trustmall.ai.recsys.Recommender;
import org.trustmall.ai.recsys.SplitData;
import org.trustmall.ai.recsys.SplitLoader;
import org.trustmall.ai.recsys.TrainingListener;

/**
 * The content and hybrid families on Scientific under the evaluation protocol (each family's candidate chosen on
 * validation, then tested). Minutes long (encoding 4,385 texts on two cores), so it runs only when asked:
 * {@code -Dtrustmall.long=true -Dtest=ScientificContentTest}.
 */
@EnabledIfSystemProperty(named = "trustmall.long", matches = "true")
class ScientificContentTest {
    private record Outcome(String label, Metrics valid, Metrics test, double seconds) {
    }

    @Test
    void contentBeatsMarkovAndTheHybridReachesTheTargetOnScientific() {
        Path dir = Path.of(System.getProperty("trustmall.shared.dir", "../../shared"), "datasets/amazon-scientific");
        Assumptions.assumeTrue(Files.isDirectory(dir), "../shared/datasets/amazon-scientific is absent: skipped");
        SplitData data = SplitLoader.recBole(dir);
        Map<String, Outcome> best = new LinkedHashMap<>();
        for (String family : new String[] {"markov", "content", "hybrid"}) {
            for (Catalogue.Candidate c : Catalogue.candidates(family)) {
                Recommender model = c.build().apply(42);
                long t0 = System.nanoTime();
                model.fit(data.training(), TrainingListener.NONE);
                double seconds = (System.nanoTime() - t0) / 1e9;
                Metrics valid = Evaluator.evaluate(model, data.itemCount(), data.valid());
                System.out.printf(Locale.ROOT, "%-28s train %6.1f s  valid ndcg@10 %.4f%n", c.label(), seconds,
                        valid.ndcg10());
                Outcome o = best.get(family);
                if (o == null || valid.ndcg10() > o.valid().ndcg10()) {
                    best.put(family, new Outcome(c.label(), valid,
                            Evaluator.evaluate(model, data.itemCount(), data.test()), seconds));
                }
            }
        }
        best.values().forEach(o -> System.out.printf(Locale.ROOT, "selected %-28s valid ndcg@10 %.4f  test ndcg@10 "
                + "%.4f hr@10 %.4f mrr %.4f coverage %.3f%n", o.label(), o.valid().ndcg10(), o.test().ndcg10(),
                o.test().hr10(), o.test().mrr(), o.test().coverage()));
        assertTrue(best.get("content").test().ndcg10() > best.get("markov").test().ndcg10());
        assertTrue(best.get("hybrid").test().ndcg10() >= 0.075, "hybrid " + best.get("hybrid"));
    }
}
