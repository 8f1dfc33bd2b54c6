package org.trustmall.ai.recsys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The protocol checked against the published figures for amazon-scientific (full ranking, leave-one-out). */
class ScientificBaselinesTest {
    static Path scientific() {
        return Path.of(System.getProperty("trustmall.shared.dir", "../../shared"), "datasets", "amazon-scientific");
    }

    @Test
    void popularityAndMarkovReachTheFiguresPublishedForThisProtocol() {
        Path dir = scientific();
        Assumptions.assumeTrue(Files.isDirectory(dir), dir + " is absent: skipped");
        SplitData data = SplitLoader.recBole(dir);
        assertEquals(4385, data.itemCount());
        assertEquals(8442, data.test().size());
        Recommender pop = new Popularity();
        pop.fit(data.training(), TrainingListener.NONE);
        Recommender markov = new Markov();
        markov.fit(data.training(), TrainingListener.NONE);
        // The issue quotes about 0.018 and 0.060 for these two under this protocol.
        assertEquals(0.018, Evaluator.evaluate(pop, data.itemCount(), data.test()).ndcg10(), 0.002);
        assertEquals(0.060, Evaluator.evaluate(markov, data.itemCount(), data.test()).ndcg10(), 0.003);
    }
}
