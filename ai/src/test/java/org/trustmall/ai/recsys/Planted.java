package org.trustmall.ai.recsys;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Small synthetic data with a planted sequential pattern for model tests: item i is usually followed by item i+1
 * (mod n), with some noise, while a few "blockbuster" items are the most popular overall. A sequential model
 * should beat popularity by a wide margin.
 */
public final class Planted {
    private Planted() {
    }

    public static SplitData data(int users, int items, long seed) {
        Random r = new Random(seed);
        List<int[]> train = new ArrayList<>();
        List<SplitData.Case> valid = new ArrayList<>();
        List<SplitData.Case> test = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            int len = 5 + r.nextInt(6);
            int[] seq = new int[len];
            seq[0] = r.nextInt(items);
            for (int i = 1; i < len; i++) {
                double p = r.nextDouble();
                seq[i] = p < 0.75 ? (seq[i - 1] + 1) % items : p < 0.9 ? r.nextInt(3) : r.nextInt(items);
            }
            train.add(java.util.Arrays.copyOf(seq, len - 2));
            valid.add(new SplitData.Case(u, java.util.Arrays.copyOf(seq, len - 2), seq[len - 2]));
            test.add(new SplitData.Case(u, java.util.Arrays.copyOf(seq, len - 1), seq[len - 1]));
        }
        List<String> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            ids.add("item-" + i);
            texts.add("Item number " + i);
        }
        return new SplitData(items, ids, texts, train, valid, test);
    }
}
