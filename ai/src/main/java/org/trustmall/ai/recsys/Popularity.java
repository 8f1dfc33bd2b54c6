package org.trustmall.ai.recsys;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** Items ranked by how often they occur in training: the non-personalised baseline and the fallback when serving. */
public final class Popularity implements Recommender {
    private float[] counts;

    public Popularity() {
    }

    private Popularity(float[] counts) {
        this.counts = counts;
    }

    @Override
    public String name() {
        return "pop";
    }

    @Override
    public void fit(TrainingSet data, TrainingListener listener) {
        float[] c = new float[data.itemCount()];
        for (int[] s : data.sequences()) {
            for (int i : s) {
                c[i]++;
            }
        }
        counts = c;
        listener.progressed(name(), 1, 1);
    }

    @Override
    public void score(int[] history, float[] out) {
        System.arraycopy(counts, 0, out, 0, Math.min(counts.length, out.length));
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of();
    }

    @Override
    public void write(OutputStream out) throws IOException {
        RecommenderFormats.writeFloats(new DataOutputStream(out), counts);
    }

    static Recommender read(Map<String, Object> parameters, DataInputStream in) throws IOException {
        return new Popularity(RecommenderFormats.readFloats(in));
    }
}
