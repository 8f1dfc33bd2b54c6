package org.trustmall.ai.recsys;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Small sequential data with a planted pattern, for tests. Items {@code 0..CLUSTERS·SIZE-1} form clusters of
 * {@link #SIZE} consecutive items; a user of a cluster meets all its items in cyclic order from a random start (so
 * every item is somebody's training item); items from {@link #NOISE_FROM} on are popular noise sprinkled into the
 * sequences. The next cluster item is predictable from the history, never from
 * popularity: the noise items are the most frequent, so popularity ranks them first.
 */
public final class PlantedData {
    public static final int CLUSTERS = 8;
    public static final int SIZE = 5;
    public static final int NOISE_FROM = CLUSTERS * SIZE;
    public static final int NOISE = 10;
    public static final int ITEMS = NOISE_FROM + NOISE;

    private PlantedData() {
    }

    /** One user's full sequence: a cluster in cyclic order, 2–3 noise items inserted before its last two items. */
    static int[] sequence(SplittableRandom random) {
        int c = random.nextInt(CLUSTERS);
        int from = random.nextInt(SIZE);
        List<Integer> s = new ArrayList<>();
        for (int k = 0; k < SIZE; k++) {
            s.add(c * SIZE + (from + k) % SIZE);
        }
        int noise = 2 + random.nextInt(2);
        for (int n = 0; n < noise; n++) {
            s.add(random.nextInt(SIZE - 1), NOISE_FROM + random.nextInt(NOISE));
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code users} users split leave-one-out: the last cluster item is the test target, the one before it valid. */
    public static SplitData split(int users, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> train = new ArrayList<>();
        List<SplitData.Case> valid = new ArrayList<>();
        List<SplitData.Case> test = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            int[] s = sequence(random);
            int n = s.length;
            train.add(Arrays.copyOf(s, n - 2));
            valid.add(new SplitData.Case(u, Arrays.copyOf(s, n - 2), s[n - 2]));
            test.add(new SplitData.Case(u, Arrays.copyOf(s, n - 1), s[n - 1]));
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            ids.add("item" + i);
        }
        return new SplitData(ITEMS, ids, null, train, valid, test);
    }

    /** Whether a model's scores for every case of {@code cases} are bit-for-bit those of {@code other}. */
    public static boolean sameScores(Recommender a, Recommender b, List<SplitData.Case> cases, int itemCount) {
        float[] x = new float[itemCount];
        float[] y = new float[itemCount];
        for (SplitData.Case c : cases) {
            a.score(c.history(), x);
            b.score(c.history(), y);
            if (!Arrays.equals(x, y)) {
                return false;
            }
        }
        return true;
    }
}
