package org.trustmall.ai.recsys;

import java.util.List;
import java.util.Objects;

/**
 * Sequential-recommendation data after a leave-one-out split. Items are dense indices {@code 0..itemCount-1};
 * {@link #itemIds} gives each index's external id. Every user's training sequence is in time order;
 * {@link #valid} holds (training sequence → next item) and {@link #test} (training sequence + valid item → last item).
 *
 * @param itemCount the catalogue size ranked over
 * @param itemIds   external ids by index
 * @param itemTexts item text by index (null where a source has none; the list is null when it has none at all)
 * @param train     each user's training sequence, by user index (may be empty for a user)
 * @param valid     validation cases
 * @param test      test cases
 */
public record SplitData(int itemCount, List<String> itemIds, List<String> itemTexts, List<int[]> train,
                        List<Case> valid, List<Case> test) {
    public SplitData {
        Objects.requireNonNull(itemIds, "itemIds");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(valid, "valid");
        Objects.requireNonNull(test, "test");
        if (itemIds.size() != itemCount) {
            throw new IllegalArgumentException("itemIds has " + itemIds.size() + " ids for " + itemCount + " items");
        }
        if (itemTexts != null && itemTexts.size() != itemCount) {
            throw new IllegalArgumentException("itemTexts has " + itemTexts.size() + " for " + itemCount + " items");
        }
    }

    /** One evaluation case: the user's history in time order and the item that came next. */
    public record Case(int user, int[] history, int target) {
    }

    /**
     * Splits full sequences leave-one-out: a user with at least three items gives a validation case (all but the
     * last two → the second-last) and a test case (all but the last → the last) and trains on all but the last two;
     * shorter sequences only train.
     */
    public static SplitData leaveOneOut(List<String> itemIds, List<String> itemTexts, List<int[]> sequences) {
        List<int[]> train = new java.util.ArrayList<>(sequences.size());
        List<Case> valid = new java.util.ArrayList<>();
        List<Case> test = new java.util.ArrayList<>();
        for (int user = 0; user < sequences.size(); user++) {
            int[] seq = sequences.get(user);
            int n = seq.length;
            if (n >= 3) {
                train.add(java.util.Arrays.copyOf(seq, n - 2));
                valid.add(new Case(user, java.util.Arrays.copyOf(seq, n - 2), seq[n - 2]));
                test.add(new Case(user, java.util.Arrays.copyOf(seq, n - 1), seq[n - 1]));
            } else {
                train.add(seq);
            }
        }
        return new SplitData(itemIds.size(), itemIds, itemTexts, train, valid, test);
    }

    /** The training view: sequences and item text only, never the held-out items. */
    public TrainingSet training() {
        return new TrainingSet(itemCount, train, itemTexts);
    }

    public int interactionCount() {
        long n = 0;
        for (int[] s : train) {
            n += s.length;
        }
        return Math.toIntExact(n + valid.size() + test.size());
    }
}
