package org.trustmall.ai.recsys;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The last-item transition baseline: scores item j by how often j followed the history's last item in training,
 * popularity breaking ties (and ranking alone for an empty history or an unseen last item). Transitions are held
 * sparse, one row per item.
 */
public final class Markov implements Recommender {
    private int[] rowStart;
    private int[] next;
    private float[] count;
    private float[] popularity;

    public Markov() {
    }

    private Markov(int[] rowStart, int[] next, float[] count, float[] popularity) {
        this.rowStart = rowStart;
        this.next = next;
        this.count = count;
        this.popularity = popularity;
    }

    @Override
    public String name() {
        return "markov";
    }

    @Override
    public void fit(TrainingSet data, TrainingListener listener) {
        int n = data.itemCount();
        @SuppressWarnings("unchecked")
        Map<Integer, Integer>[] rows = new Map[n];
        float[] pop = new float[n];
        for (int[] s : data.sequences()) {
            for (int i = 0; i < s.length; i++) {
                pop[s[i]]++;
                if (i > 0) {
                    if (rows[s[i - 1]] == null) {
                        rows[s[i - 1]] = new HashMap<>();
                    }
                    rows[s[i - 1]].merge(s[i], 1, Integer::sum);
                }
            }
        }
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            start[i + 1] = start[i] + (rows[i] == null ? 0 : rows[i].size());
        }
        int[] nx = new int[start[n]];
        float[] ct = new float[start[n]];
        for (int i = 0; i < n; i++) {
            if (rows[i] == null) {
                continue;
            }
            int[] keys = rows[i].keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            for (int k = 0; k < keys.length; k++) {
                nx[start[i] + k] = keys[k];
                ct[start[i] + k] = rows[i].get(keys[k]);
            }
        }
        float max = 1;
        for (float p : pop) {
            max = Math.max(max, p);
        }
        // Popularity scaled into [0, 0.5): it orders items with equal transition counts and never outranks one more.
        for (int i = 0; i < n; i++) {
            pop[i] = pop[i] / max * 0.5f;
        }
        rowStart = start;
        next = nx;
        count = ct;
        popularity = pop;
        listener.progressed(name(), 1, 1);
    }

    @Override
    public void score(int[] history, float[] out) {
        System.arraycopy(popularity, 0, out, 0, Math.min(popularity.length, out.length));
        if (history.length == 0) {
            return;
        }
        int last = history[history.length - 1];
        if (last < 0 || last >= rowStart.length - 1) {
            return;
        }
        for (int k = rowStart[last]; k < rowStart[last + 1]; k++) {
            out[next[k]] += count[k];
        }
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of();
    }

    @Override
    public void write(OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        RecommenderFormats.writeInts(d, rowStart);
        RecommenderFormats.writeInts(d, next);
        RecommenderFormats.writeFloats(d, count);
        RecommenderFormats.writeFloats(d, popularity);
    }

    static Recommender read(Map<String, Object> parameters, DataInputStream in) throws IOException {
        int[] start = RecommenderFormats.readInts(in);
        int[] nx = RecommenderFormats.readInts(in);
        float[] ct = RecommenderFormats.readFloats(in);
        float[] pop = RecommenderFormats.readFloats(in);
        if (start.length != pop.length + 1 || nx.length != ct.length || start[start.length - 1] != nx.length
                || Arrays.stream(nx).anyMatch(j -> j < 0 || j >= pop.length)) {
            throw new IOException("inconsistent transition table");
        }
        return new Markov(start, nx, ct, pop);
    }
}
