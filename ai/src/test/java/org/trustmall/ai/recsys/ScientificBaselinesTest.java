package org.trustmall.ai.recsys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ScientificBaselinesTest {
    @Test
    void baselinesReachPublishedFiguresOnScientific() {
        Path dir = Path.of(System.getProperty("trustmall.shared.dir", "../../shared"), "datasets/amazon-scientific");
        Assumptions.assumeTrue(Files.isDirectory(dir), "../shared/datasets/amazon-scientific is absent: skipped");
        SplitData data = SplitLoader.recBole(dir);
        assertEquals(4385, data.itemCount());
        assertEquals(8442, data.test().size());
        for (Recommender r : new Recommender[] {new Popularity(), new Markov()}) {
            r.fit(data.training(), TrainingListener.NONE);
            Metrics m = Evaluator.evaluate(r, data.itemCount(), data.test());
            System.out.println(r.name() + " " + m);
        }
    }
}
