package org.trustmall.ai.recsys.sasrec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Sequences laid out for the network: {@code rows × width} slots, right-aligned so that every row's last item sits in
 * the last slot (positions count back from there), padding on the left. A batch is only as wide as its longest row.
 *
 * @param rows    number of sequences
 * @param width   slots per row
 * @param ids     item index per slot, 0 in padding (which {@link #mask} removes)
 * @param mask    1 for an item, 0 for padding
 * @param slots   for training: the flat slot indices that predict a next item
 * @param targets for training: the item each of {@link #slots} must predict
 */
record Batch(int rows, int width, long[] ids, float[] mask, long[] slots, long[] targets) {

    /**
     * Cuts every training sequence into windows of at most {@code maxLength} inputs, each paired with the items that
     * follow them (the window's array holds inputs then one more item). The last window ends at the sequence's end;
     * earlier ones cover what a long sequence has before it, so no transition is lost.
     */
    static List<int[]> windows(List<int[]> sequences, int maxLength, int itemCount) {
        List<int[]> out = new ArrayList<>();
        for (int[] s : sequences) {
            int[] clean = inVocabulary(s, itemCount);
            for (int end = clean.length; end >= 2; end -= maxLength) {
                int start = Math.max(0, end - maxLength - 1);
                int[] w = new int[end - start];
                System.arraycopy(clean, start, w, 0, w.length);
                out.add(w);
            }
        }
        return out;
    }

    /**
     * One epoch's batches: the windows in random order, then grouped by length (stably, so equal lengths stay
     * shuffled), cut into batches, and the batches shuffled. Batches of similar lengths carry little padding, which
     * is most of the work on data whose sequences are mostly short.
     */
    static List<int[]> epoch(List<int[]> windows, int batchSize, SplittableRandom random) {
        int[] order = new int[windows.size()];
        Arrays.setAll(order, i -> i);
        shuffle(order, random);
        int longest = 0;
        for (int[] w : windows) {
            longest = Math.max(longest, w.length);
        }
        int[] start = new int[longest + 2];
        for (int[] w : windows) {
            start[w.length + 1]++;
        }
        for (int k = 1; k < start.length; k++) {
            start[k] += start[k - 1];
        }
        int[] sorted = new int[order.length];
        for (int i : order) {
            sorted[start[windows.get(i).length]++] = i;
        }
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < sorted.length; from += batchSize) {
            batches.add(Arrays.copyOfRange(sorted, from, Math.min(sorted.length, from + batchSize)));
        }
        for (int i = batches.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int[] t = batches.get(i);
            batches.set(i, batches.get(j));
            batches.set(j, t);
        }
        return batches;
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** The windows {@code members} as one batch in which every input slot predicts the next item. */
    static Batch training(List<int[]> windows, int[] members) {
        int rows = members.length;
        int width = 0;
        int predictions = 0;
        for (int r = 0; r < rows; r++) {
            int inputs = windows.get(members[r]).length - 1;
            width = Math.max(width, inputs);
            predictions += inputs;
        }
        long[] ids = new long[rows * width];
        float[] mask = new float[rows * width];
        long[] slots = new long[predictions];
        long[] targets = new long[predictions];
        int p = 0;
        for (int r = 0; r < rows; r++) {
            int[] w = windows.get(members[r]);
            int inputs = w.length - 1;
            int offset = r * width + width - inputs;
            for (int i = 0; i < inputs; i++) {
                ids[offset + i] = w[i];
                mask[offset + i] = 1;
                slots[p] = offset + i;
                targets[p] = w[i + 1];
                p++;
            }
        }
        return new Batch(rows, width, ids, mask, slots, targets);
    }

    /** Histories to score, each cut to its last {@code maxLength} items; none may be empty. */
    static Batch histories(List<int[]> histories, int maxLength) {
        int rows = histories.size();
        int width = 0;
        for (int[] h : histories) {
            width = Math.max(width, Math.min(maxLength, h.length));
        }
        long[] ids = new long[rows * width];
        float[] mask = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            int[] h = histories.get(r);
            int n = Math.min(maxLength, h.length);
            int offset = r * width + width - n;
            for (int i = 0; i < n; i++) {
                ids[offset + i] = h[h.length - n + i];
                mask[offset + i] = 1;
            }
        }
        return new Batch(rows, width, ids, mask, new long[0], new long[0]);
    }

    /** The history without items outside {@code 0..itemCount-1} (the contract says they are ignored). */
    static int[] inVocabulary(int[] history, int itemCount) {
        int kept = 0;
        for (int i : history) {
            if (i >= 0 && i < itemCount) {
                kept++;
            }
        }
        if (kept == history.length) {
            return history;
        }
        int[] out = new int[kept];
        int k = 0;
        for (int i : history) {
            if (i >= 0 && i < itemCount) {
                out[k++] = i;
            }
        }
        return out;
    }
}
