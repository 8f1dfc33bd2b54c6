package org.trustmall.ai.recsys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    /** Scores fixed per item, whatever the history. */
    private record Fixed(float[] scores) implements Recommender {
        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public void fit(TrainingSet data, TrainingListener listener) {
        }

        @Override
        public void score(int[] history, float[] out) {
            System.arraycopy(scores, 0, out, 0, scores.length);
        }

        @Override
        public java.util.Map<String, Object> parameters() {
            return java.util.Map.of();
        }

        @Override
        public void write(java.io.OutputStream out) {
        }
    }

    @Test
    void aTargetRankedSecondAfterExcludingHistoryScoresByTheTextbookFormulas() {
        // Item 4 scores highest but is in the history, so it is excluded; target 2 ranks second behind item 3.
        Recommender m = new Fixed(new float[] {0.1f, 0.2f, 0.8f, 0.9f, 1.0f});
        Metrics r = Evaluator.evaluate(m, 5, List.of(new SplitData.Case(0, new int[] {4}, 2)));
        assertEquals(1.0, r.hr10());
        assertEquals(1 / (Math.log(3) / Math.log(2)), r.ndcg10(), 1e-12);
        assertEquals(0.5, r.mrr(), 1e-12);
        assertEquals(4 / 5.0, r.coverage(), 1e-12, "four items are eligible and all appear in the top 10");
    }

    @Test
    void tiesCountAgainstTheTargetSoAConstantModelEarnsNothing() {
        float[] flat = new float[50];
        Metrics r = Evaluator.evaluate(new Fixed(flat), 50, List.of(new SplitData.Case(0, new int[0], 7)));
        assertEquals(0.0, r.hr10());
        assertEquals(1 / 50.0, r.mrr(), 1e-12);
    }

    @Property
    void topKIsTheBestKOfAFullSortWithTiesToTheLowerIndex(
            @ForAll @Size(min = 1, max = 60) List<@FloatRange(min = -3, max = 3) Float> values,
            @ForAll @IntRange(min = 1, max = 12) int k) {
        float[] s = new float[values.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.round(values.get(i) * 4) / 4f; // coarse, so ties happen
        }
        int[] expected = IntStream.range(0, s.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -s[i]).thenComparing(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
        int[] into = new int[k];
        int n = TopK.select(s, k, into);
        assertEquals(Arrays.toString(expected), Arrays.toString(Arrays.copyOf(into, n)));
    }
}
