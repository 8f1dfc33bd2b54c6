package org.trustmall.ai.risk;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.trustmall.ai.AiException;

/**
 * Gradient-boosted trees (XGBoost4J, {@code binary:logistic}) over {@link RiskFeatures} vectors. Training is
 * deterministic for a seed: one thread, the histogram tree method, no row or column subsampling, so two trainings on
 * the same rows give the same trees and the same artifact bytes. Contributions are XGBoost's TreeSHAP values
 * ({@code predictContrib}), which add up with the bias to the raw margin. Vectors travel to the native library as
 * 32-bit floats, as XGBoost computes in them.
 *
 * <p>Thread-safe: calls into the native booster are serialised.
 */
public final class BoostedTreesRiskModel implements RiskModel {
    static final String NAME = "xgboost";

    /** Boosting rounds. */
    public static final int ROUNDS = 300;

    private final Booster booster;
    private final byte[] artifact;

    private BoostedTreesRiskModel(Booster booster, byte[] artifact) {
        this.booster = booster;
        this.artifact = artifact;
    }

    /** The training parameters for a seed, fixed before any evaluation (see {@code SCENARIOS.md}). */
    public static Map<String, Object> parameters(long seed) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("objective", "binary:logistic");
        p.put("eta", 0.05);
        p.put("max_depth", 5);
        p.put("min_child_weight", 1.0);
        p.put("lambda", 1.0);
        p.put("subsample", 1.0);
        p.put("colsample_bytree", 1.0);
        p.put("tree_method", "hist");
        p.put("max_bin", 256);
        p.put("nthread", 1);
        p.put("seed", seed);
        p.put("verbosity", 0);
        return p;
    }

    /** Trains on rows {@code x} with labels {@code y} (1 = fraud). */
    public static BoostedTreesRiskModel train(double[][] x, int[] y, long seed) {
        if (x.length == 0 || y.length != x.length) {
            throw new IllegalArgumentException("need as many labels as rows, and at least one row");
        }
        float[] labels = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            labels[i] = y[i];
        }
        DMatrix train = matrix(x);
        try {
            train.setLabel(labels);
            Booster booster = XGBoost.train(train, parameters(seed), ROUNDS, Map.of(), null, null);
            byte[] model = booster.toByteArray("ubj");
            byte[] artifact = new Envelope(NAME, RiskFeatures.VERSION, RiskFeatures.COUNT, model).write();
            return new BoostedTreesRiskModel(booster, artifact);
        } catch (XGBoostError e) {
            throw new AiException("XGBoost training failed: " + e.getMessage(), e);
        } finally {
            train.dispose();
        }
    }

    static BoostedTreesRiskModel fromPayload(byte[] payload, byte[] artifact) {
        try {
            Booster booster = XGBoost.loadModel(payload);
            if (booster.getNumFeature() != RiskFeatures.COUNT) {
                throw new AiException.ArtifactRejected("xgboost risk model has " + booster.getNumFeature()
                        + " features, " + RiskFeatures.VERSION + " has " + RiskFeatures.COUNT);
            }
            return new BoostedTreesRiskModel(booster, artifact.clone());
        } catch (XGBoostError | IOException e) {
            throw new AiException.ArtifactRejected("xgboost risk model cannot be loaded: " + e.getMessage());
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String featureVersion() {
        return RiskFeatures.VERSION;
    }

    @Override
    public double score(double[] features) {
        return scores(new double[][] {features})[0];
    }

    @Override
    public double[] scores(double[][] features) {
        float[][] p = predict(features, false);
        double[] s = new double[p.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = p[i][0];
        }
        return s;
    }

    @Override
    public double margin(double[] features) {
        return predict(new double[][] {features}, true)[0][0];
    }

    @Override
    public double[] contributions(double[] features) {
        float[] row = contrib(features);
        double[] c = new double[RiskFeatures.COUNT];
        for (int j = 0; j < c.length; j++) {
            c[j] = row[j];
        }
        return c;
    }

    @Override
    public double bias(double[] features) {
        return contrib(features)[RiskFeatures.COUNT];
    }

    @Override
    public byte[] artifact() {
        return artifact.clone();
    }

    private float[] contrib(double[] features) {
        DMatrix m = matrix(new double[][] {features});
        try {
            synchronized (booster) {
                return booster.predictContrib(m, 0)[0];
            }
        } catch (XGBoostError e) {
            throw new AiException("XGBoost contributions failed: " + e.getMessage(), e);
        } finally {
            m.dispose();
        }
    }

    private float[][] predict(double[][] features, boolean margin) {
        DMatrix m = matrix(features);
        try {
            synchronized (booster) {
                return booster.predict(m, margin);
            }
        } catch (XGBoostError e) {
            throw new AiException("XGBoost prediction failed: " + e.getMessage(), e);
        } finally {
            m.dispose();
        }
    }

    private static DMatrix matrix(double[][] x) {
        int f = RiskFeatures.COUNT;
        float[] data = new float[x.length * f];
        for (int i = 0; i < x.length; i++) {
            RiskFeatures.check(x[i]);
            for (int j = 0; j < f; j++) {
                data[i * f + j] = (float) x[i][j];
            }
        }
        try {
            return new DMatrix(data, x.length, f, Float.NaN);
        } catch (XGBoostError e) {
            throw new AiException("XGBoost cannot take the feature matrix: " + e.getMessage(), e);
        }
    }
}
