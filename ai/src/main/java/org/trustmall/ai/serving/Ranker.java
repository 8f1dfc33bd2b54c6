package org.trustmall.ai.serving;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntPredicate;
import org.trustmall.ai.recsys.Recommender;

/**
 * A trained recommender made fit for online requests: the top N items for a history, never an excluded one, with a
 * non-personalised fallback.
 *
 * <ul>
 *   <li>{@link #recommend} ranks with the model; the history's own items are never recommended, nor any item the
 *       caller's {@code exclude} rejects (already bought, out of stock …). An empty history (a new user), or one
 *       whose items the model does not know, gets {@link #popular} instead.</li>
 *   <li>{@link #popular} is the fallback ranking, also for callers who must not personalise (no consent).</li>
 *   <li>{@link #similar} ranks items for "products similar to this one": the model's scores for a one-item
 *       history.</li>
 * </ul>
 *
 * <p>Item ids are the model's dense indices {@code 0..itemCount-1}; mapping product ids to them is the caller's.
 * Thread-safe: the model's scoring is (by the {@link Recommender} contract), and the item-count-sized score buffers
 * are pooled, one per concurrently running request, so a request allocates only its result. {@code exclude} is
 * asked only about items that would otherwise enter the top N, so a costly predicate is cheap to pass.
 */
public final class Ranker {
    /** Excludes nothing. */
    public static final IntPredicate NOTHING = item -> false;

    /** One recommended item and the score it was ranked by (model-specific scale; higher is better). */
    public record Scored(int item, float score) {
    }

    private final Recommender model;
    private final int itemCount;
    private final int[] popularOrder;
    private final float[] popularScore;
    private final ConcurrentLinkedQueue<float[]> buffers = new ConcurrentLinkedQueue<>();

    /**
     * @param model     the trained model that personalises
     * @param fallback  the trained non-personalised model (popularity); its scores for an empty history are
     *                  ranked once, here
     * @param itemCount the catalogue size both were trained on
     */
    public Ranker(Recommender model, Recommender fallback, int itemCount) {
        this.model = Objects.requireNonNull(model, "model");
        Objects.requireNonNull(fallback, "fallback");
        if (itemCount <= 0) {
            throw new IllegalArgumentException("itemCount must be positive");
        }
        this.itemCount = itemCount;
        float[] scores = new float[itemCount];
        fallback.score(new int[0], scores);
        Integer[] order = new Integer[itemCount];
        for (int i = 0; i < itemCount; i++) {
            order[i] = i;
        }
        // Best first; ties to the lower index, as everywhere else in ranking.
        Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : a - b);
        popularOrder = new int[itemCount];
        popularScore = new float[itemCount];
        for (int r = 0; r < itemCount; r++) {
            popularOrder[r] = order[r];
            popularScore[r] = scores[order[r]];
        }
    }

    public int itemCount() {
        return itemCount;
    }

    /** The model's family name (for logs and the API's response). */
    public String modelName() {
        return model.name();
    }

    /**
     * The top {@code n} items for a history in time order, best first: fewer when fewer remain after exclusion.
     * Items in the history and items {@code exclude} accepts are left out; history ids outside the catalogue are
     * ignored. Falls back to {@link #popular} when no history item is known to the model.
     */
    public List<Scored> recommend(int[] history, int n, IntPredicate exclude) {
        checkLimit(n);
        Objects.requireNonNull(exclude, "exclude");
        int[] known = known(history);
        if (known.length == 0) {
            return popular(n, exclude);
        }
        return ranked(known, n, exclude);
    }

    /** The non-personalised ranking (popularity), best first, without the items {@code exclude} accepts. */
    public List<Scored> popular(int n, IntPredicate exclude) {
        checkLimit(n);
        Objects.requireNonNull(exclude, "exclude");
        List<Scored> out = new ArrayList<>(Math.min(n, itemCount));
        for (int r = 0; r < itemCount && out.size() < n; r++) {
            if (!exclude.test(popularOrder[r])) {
                out.add(new Scored(popularOrder[r], popularScore[r]));
            }
        }
        return out;
    }

    /**
     * The top {@code n} items the model ranks after {@code item} alone, best first, without the item itself and
     * those {@code exclude} accepts. Empty for an item outside the catalogue: there is nothing to be similar to.
     */
    public List<Scored> similar(int item, int n, IntPredicate exclude) {
        checkLimit(n);
        Objects.requireNonNull(exclude, "exclude");
        if (item < 0 || item >= itemCount) {
            return List.of();
        }
        return ranked(new int[] {item}, n, exclude);
    }

    /** The model's top n for a history of known items, without those items and those {@code skip} accepts. */
    private List<Scored> ranked(int[] history, int n, IntPredicate skip) {
        float[] scores = buffers.poll();
        if (scores == null) {
            scores = new float[itemCount];
        }
        try {
            model.score(history, scores);
            for (int h : history) {
                scores[h] = Float.NaN;
            }
            int[] top = new int[Math.min(n, itemCount)];
            int k = select(scores, top, skip);
            List<Scored> out = new ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                out.add(new Scored(top[i], scores[top[i]]));
            }
            return out;
        } finally {
            buffers.offer(scores);
        }
    }

    /**
     * The best {@code into.length} indices of {@code scores} that {@code skip} does not reject, best first, ties to
     * the lower index; NaN and negative infinity never qualify. {@code skip} is asked only about items that would
     * enter the current top list. Returns how many were written.
     */
    static int select(float[] scores, int[] into, IntPredicate skip) {
        int k = into.length;
        int size = 0;
        for (int i = 0; i < scores.length; i++) {
            float s = scores[i];
            if (Float.isNaN(s) || s == Float.NEGATIVE_INFINITY || (size == k && !(s > scores[into[size - 1]]))
                    || skip.test(i)) {
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

    /** The history's ids inside the catalogue, in order. */
    private int[] known(int[] history) {
        Objects.requireNonNull(history, "history");
        int m = 0;
        for (int h : history) {
            if (h >= 0 && h < itemCount) {
                m++;
            }
        }
        if (m == history.length) {
            return history;
        }
        int[] k = new int[m];
        m = 0;
        for (int h : history) {
            if (h >= 0 && h < itemCount) {
                k[m++] = h;
            }
        }
        return k;
    }

    private static void checkLimit(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("the number of items asked for must be at least 1, not " + n);
        }
    }
}
