package org.trustmall.ai.recsys;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

/**
 * Item-to-item nearest neighbours learnt from co-occurrence in the training sequences, optionally sequence-aware.
 *
 * <p>Two items co-occur when they are in the same sequence at most {@code window} positions apart (0: anywhere in
 * it). A co-occurrence of j after i counts 1 toward i → j, one of j before i counts {@code backward}, and both are
 * damped by {@code distanceDecay^(distance − 1)}. The similarity is the asymmetric cosine
 * {@code C(i→j) / (n_i^alpha · n_j^(1−alpha))} over the items' occurrence counts n; each item keeps its
 * {@code neighbours} most similar items, so the model is sparse. A history scores item j as
 * {@code Σ_t historyDecay^age(t) · sim(h_t → j)}, the last item having age 0, so that with historyDecay below 1
 * recent items weigh more. With window 0, backward 1, alpha ½ and historyDecay 1 it is the classic item-kNN of
 * cosine similarity. Popularity, scaled far below any similarity, breaks ties (and ranks alone for an empty
 * history).
 *
 * <p>Training is one pass and deterministic: rows are computed independently (in parallel) and each row sums its
 * co-occurrences in a fixed order. Scoring is thread-safe and allocation-free.
 */
public final class ItemKnn implements Recommender {
    /** How far below the smallest possible similarity popularity stays, so it only ever breaks ties. */
    private static final float TIE_BREAK = 1e-6f;

    private final int neighbours;
    private final int window;
    private final double distanceDecay;
    private final double backward;
    private final double alpha;
    private final double historyDecay;

    private int[] rowStart;
    private int[] neighbour;
    private float[] similarity;
    private float[] popularity;

    /**
     * @param neighbours    how many neighbours each item keeps (at least 1)
     * @param window        the largest distance between co-occurring positions; 0 for the whole sequence
     * @param distanceDecay the weight factor per extra position of distance, in (0, 1]
     * @param backward      the weight of a co-occurrence of j before i relative to j after i, in [0, 1]
     * @param alpha         the asymmetric-cosine exponent, in [0, 1] (½: cosine)
     * @param historyDecay  the weight factor per step back in the history, in (0, 1] (1: all items alike)
     */
    public ItemKnn(int neighbours, int window, double distanceDecay, double backward, double alpha,
                   double historyDecay) {
        if (neighbours < 1 || window < 0 || !(distanceDecay > 0 && distanceDecay <= 1)
                || !(backward >= 0 && backward <= 1) || !(alpha >= 0 && alpha <= 1)
                || !(historyDecay > 0 && historyDecay <= 1)) {
            throw new IllegalArgumentException("itemknn: parameter out of range (neighbours " + neighbours
                    + ", window " + window + ", distance_decay " + distanceDecay + ", backward " + backward
                    + ", alpha " + alpha + ", history_decay " + historyDecay + ")");
        }
        this.neighbours = neighbours;
        this.window = window;
        this.distanceDecay = distanceDecay;
        this.backward = backward;
        this.alpha = alpha;
        this.historyDecay = historyDecay;
    }

    /** The classic, order-blind item-kNN: cosine over whole-sequence co-occurrence, all history items alike. */
    public static ItemKnn cosine(int neighbours) {
        return new ItemKnn(neighbours, 0, 1, 1, 0.5, 1);
    }

    @Override
    public String name() {
        return "itemknn";
    }

    @Override
    public void fit(TrainingSet data, TrainingListener listener) {
        int n = data.itemCount();
        int[] occurrences = new int[n];
        for (int[] s : data.sequences()) {
            for (int i : s) {
                occurrences[i]++;
            }
        }
        // Where each item occurs: (sequence, position) pairs grouped by item, in sequence order.
        int[] occStart = new int[n + 1];
        for (int i = 0; i < n; i++) {
            occStart[i + 1] = occStart[i] + occurrences[i];
        }
        int[] occSeq = new int[occStart[n]];
        int[] occPos = new int[occStart[n]];
        int[] fill = Arrays.copyOf(occStart, n);
        int[][] seqs = data.sequences().toArray(int[][]::new);
        for (int s = 0; s < seqs.length; s++) {
            for (int p = 0; p < seqs[s].length; p++) {
                int k = fill[seqs[s][p]]++;
                occSeq[k] = s;
                occPos[k] = p;
            }
        }
        double[] norm = new double[n];
        double[] normOther = new double[n];
        for (int i = 0; i < n; i++) {
            norm[i] = Math.pow(occurrences[i], alpha);
            normOther[i] = Math.pow(occurrences[i], 1 - alpha);
        }
        int maxDistance = window == 0 ? Integer.MAX_VALUE : window;
        double[] decay = new double[Math.min(maxDistance, longest(seqs)) + 1];
        for (int d = 1; d < decay.length; d++) {
            decay[d] = Math.pow(distanceDecay, d - 1);
        }
        int[][] rowItems = new int[n][];
        float[][] rowSims = new float[n][];
        ConcurrentLinkedQueue<RowScratch> scratch = new ConcurrentLinkedQueue<>();
        int chunk = 1024;
        int chunks = (n + chunk - 1) / chunk;
        IntStream.range(0, chunks).parallel().forEach(c -> {
            RowScratch r = scratch.poll();
            if (r == null) {
                r = new RowScratch(n, neighbours);
            }
            for (int i = c * chunk; i < Math.min(n, (c + 1) * chunk); i++) {
                row(i, seqs, occStart, occSeq, occPos, decay, norm, normOther, r, rowItems, rowSims);
            }
            scratch.offer(r);
        });
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            start[i + 1] = start[i] + rowItems[i].length;
        }
        int[] nb = new int[start[n]];
        float[] sim = new float[start[n]];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rowItems[i], 0, nb, start[i], rowItems[i].length);
            System.arraycopy(rowSims[i], 0, sim, start[i], rowSims[i].length);
        }
        rowStart = start;
        neighbour = nb;
        similarity = sim;
        popularity = tieBreak(occurrences);
        listener.progressed(name(), 1, 1);
    }

    private static int longest(int[][] seqs) {
        int m = 1;
        for (int[] s : seqs) {
            m = Math.max(m, s.length);
        }
        return m;
    }

    /** A row's co-occurrence accumulator (item-count sized, reset after each row) and its top-k selection. */
    private static final class RowScratch {
        final double[] acc;
        final int[] touched;
        final int[] heap;
        final float[] heapSim;
        int touchedCount;

        RowScratch(int n, int k) {
            acc = new double[n];
            touched = new int[n];
            heap = new int[k];
            heapSim = new float[k];
        }
    }

    private void row(int i, int[][] seqs, int[] occStart, int[] occSeq, int[] occPos, double[] decay,
                     double[] norm, double[] normOther, RowScratch r, int[][] rowItems, float[][] rowSims) {
        double[] acc = r.acc;
        r.touchedCount = 0;
        for (int o = occStart[i]; o < occStart[i + 1]; o++) {
            int[] s = seqs[occSeq[o]];
            int p = occPos[o];
            int reach = decay.length - 1;
            int from = Math.max(0, p - reach);
            int to = Math.min(s.length - 1, p + reach);
            for (int q = from; q <= to; q++) {
                int j = s[q];
                if (q == p || j == i) {
                    continue;
                }
                double w = q > p ? decay[q - p] : backward * decay[p - q];
                if (w == 0) {
                    continue;
                }
                if (acc[j] == 0) {
                    r.touched[r.touchedCount++] = j;
                }
                acc[j] += w;
            }
        }
        // Keep the k most similar in a min-heap on (similarity, then higher index is worse).
        int size = 0;
        int k = r.heap.length;
        for (int t = 0; t < r.touchedCount; t++) {
            int j = r.touched[t];
            float sim = (float) (acc[j] / (norm[i] * normOther[j]));
            acc[j] = 0;
            if (size < k) {
                r.heap[size] = j;
                r.heapSim[size] = sim;
                siftUp(r.heap, r.heapSim, size++);
            } else if (better(sim, j, r.heapSim[0], r.heap[0])) {
                r.heap[0] = j;
                r.heapSim[0] = sim;
                siftDown(r.heap, r.heapSim, size);
            }
        }
        // Stored by item index: the order scoring walks does not depend on the heap's internal layout.
        long[] packed = new long[size];
        for (int t = 0; t < size; t++) {
            packed[t] = ((long) r.heap[t] << 32) | (Float.floatToRawIntBits(r.heapSim[t]) & 0xffffffffL);
        }
        Arrays.sort(packed);
        int[] items = new int[size];
        float[] sims = new float[size];
        for (int t = 0; t < size; t++) {
            items[t] = (int) (packed[t] >>> 32);
            sims[t] = Float.intBitsToFloat((int) packed[t]);
        }
        rowItems[i] = items;
        rowSims[i] = sims;
    }

    /** Whether (sim a, item a) ranks above (sim b, item b): higher similarity, then lower index. */
    private static boolean better(float simA, int a, float simB, int b) {
        return simA > simB || (simA == simB && a < b);
    }

    private static void siftUp(int[] heap, float[] sim, int at) {
        while (at > 0) {
            int parent = (at - 1) / 2;
            if (!better(sim[parent], heap[parent], sim[at], heap[at])) {
                return;
            }
            swap(heap, sim, parent, at);
            at = parent;
        }
    }

    private static void siftDown(int[] heap, float[] sim, int size) {
        int at = 0;
        while (true) {
            int l = 2 * at + 1;
            int worst = at;
            if (l < size && better(sim[worst], heap[worst], sim[l], heap[l])) {
                worst = l;
            }
            if (l + 1 < size && better(sim[worst], heap[worst], sim[l + 1], heap[l + 1])) {
                worst = l + 1;
            }
            if (worst == at) {
                return;
            }
            swap(heap, sim, at, worst);
            at = worst;
        }
    }

    private static void swap(int[] heap, float[] sim, int a, int b) {
        int h = heap[a];
        heap[a] = heap[b];
        heap[b] = h;
        float s = sim[a];
        sim[a] = sim[b];
        sim[b] = s;
    }

    /** Popularity scaled into [0, TIE_BREAK): orders items of equal similarity, never outranks a neighbour. */
    static float[] tieBreak(int[] occurrences) {
        float max = 1;
        for (int c : occurrences) {
            max = Math.max(max, c);
        }
        float[] p = new float[occurrences.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = occurrences[i] / max * TIE_BREAK;
        }
        return p;
    }

    @Override
    public void score(int[] history, float[] out) {
        System.arraycopy(popularity, 0, out, 0, Math.min(popularity.length, out.length));
        int n = rowStart.length - 1;
        float w = 1;
        for (int t = history.length - 1; t >= 0; t--, w *= (float) historyDecay) {
            int h = history[t];
            if (h < 0 || h >= n) {
                continue;
            }
            for (int k = rowStart[h]; k < rowStart[h + 1]; k++) {
                out[neighbour[k]] += w * similarity[k];
            }
        }
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("neighbours", neighbours);
        p.put("window", window);
        p.put("distance_decay", distanceDecay);
        p.put("backward", backward);
        p.put("alpha", alpha);
        p.put("history_decay", historyDecay);
        return p;
    }

    @Override
    public void write(OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        RecommenderFormats.writeInts(d, rowStart);
        RecommenderFormats.writeInts(d, neighbour);
        RecommenderFormats.writeFloats(d, similarity);
        RecommenderFormats.writeFloats(d, popularity);
    }

    static Recommender read(Map<String, Object> parameters, DataInputStream in) throws IOException {
        ItemKnn m;
        try {
            m = new ItemKnn(integer(parameters, "neighbours"), integer(parameters, "window"),
                    number(parameters, "distance_decay"), number(parameters, "backward"),
                    number(parameters, "alpha"), number(parameters, "history_decay"));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
        int[] start = RecommenderFormats.readInts(in);
        int[] nb = RecommenderFormats.readInts(in);
        float[] sim = RecommenderFormats.readFloats(in);
        float[] pop = RecommenderFormats.readFloats(in);
        if (start.length != pop.length + 1 || nb.length != sim.length || start[0] != 0
                || start[start.length - 1] != nb.length || Arrays.stream(nb).anyMatch(j -> j < 0 || j >= pop.length)) {
            throw new IOException("inconsistent neighbour table");
        }
        for (int i = 0; i < pop.length; i++) {
            if (start[i] > start[i + 1]) {
                throw new IOException("inconsistent neighbour table");
            }
        }
        m.rowStart = start;
        m.neighbour = nb;
        m.similarity = sim;
        m.popularity = pop;
        return m;
    }

    static int integer(Map<String, Object> parameters, String key) throws IOException {
        if (!(parameters.get(key) instanceof Number v) || v.doubleValue() != v.intValue()) {
            throw new IOException("parameter '" + key + "' is missing or not an integer");
        }
        return v.intValue();
    }

    static double number(Map<String, Object> parameters, String key) throws IOException {
        if (!(parameters.get(key) instanceof Number v)) {
            throw new IOException("parameter '" + key + "' is missing or not a number");
        }
        return v.doubleValue();
    }
}
