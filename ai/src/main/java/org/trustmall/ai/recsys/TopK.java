package org.trustmall.ai.recsys;

/** The k best-scoring indices of an array, best first; ties go to the lower index. Allocation-free. */
public final class TopK {
    private TopK() {
    }

    /**
     * Writes the indices of the {@code k} highest finite-or-positive-infinite scores into {@code into}, best first,
     * skipping NaN and negative infinity (excluded items). Returns how many were written (less than k when fewer
     * items are eligible).
     */
    public static int select(float[] scores, int k, int[] into) {
        int size = 0;
        // into[0..size) is kept sorted best first; insertion is cheap for the small k of serving.
        for (int i = 0; i < scores.length; i++) {
            float s = scores[i];
            if (Float.isNaN(s) || s == Float.NEGATIVE_INFINITY) {
                continue;
            }
            if (size == k && !(s > scores[into[size - 1]])) {
                continue;
            }
            int pos = size == k ? k - 1 : size++;
            while (pos > 0 && s > scores[into[pos - 1]]) {
                into[pos] = into[pos - 1];
                pos--;
            }
            into[pos] = i;
        }
        return size;
    }
}
